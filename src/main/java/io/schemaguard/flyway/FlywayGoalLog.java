package io.schemaguard.flyway;

import io.schemaguard.output.Log;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One goal's log across its Flyway commands: each command that reads a history table that does not exist says so
 * ("Schema history table … does not exist yet"), and a goal runs several; the goal says it once, the repeats go to debug.
 */
public final class FlywayGoalLog implements Log {
    private static final Pattern HISTORY_MISSING = Pattern.compile("Schema history table .+ does not exist yet");

    private final Log target;
    private final Set<String> said = new HashSet<>();

    public FlywayGoalLog(Log target) {
        this.target = target;
    }

    public boolean isDebugEnabled() { return target.isDebugEnabled(); }
    public void debug(String message) { target.debug(message); }
    public void warn(String message) { target.warn(message); }
    public void error(String message) { target.error(message); }

    public void info(String message) {
        boolean repeat;
        synchronized (said) {
            repeat = HISTORY_MISSING.matcher(message).matches() && !said.add(message);
        }
        if (repeat) {
            target.debug(message);
        } else {
            target.info(message);
        }
    }
}
