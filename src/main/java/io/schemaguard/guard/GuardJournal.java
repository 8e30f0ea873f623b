package io.schemaguard.guard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the guard did to each script during one upgrade: statements executed, statements
 * skipped (with the object that was already there). The engine turns it into outcomes.
 */
public final class GuardJournal {
    /** One script's tally. */
    public static final class ScriptRecord {
        private int executed;
        private final List<String> skipped = new ArrayList<>();

        public int executed() {
            return executed;
        }

        public List<String> skipped() {
            return List.copyOf(skipped);
        }
    }

    private final Map<String, ScriptRecord> scripts = new LinkedHashMap<>();

    synchronized void executed(String script) {
        scripts.computeIfAbsent(script, s -> new ScriptRecord()).executed++;
    }

    synchronized void skipped(String script, String line) {
        scripts.computeIfAbsent(script, s -> new ScriptRecord()).skipped.add(line);
    }

    /** Forgets a script's tally when Flyway starts it again (after a rollback, it restarts from scratch). */
    synchronized void restart(String script) {
        scripts.remove(script);
    }

    public synchronized ScriptRecord of(String script) {
        return scripts.getOrDefault(script, new ScriptRecord());
    }
}
