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
        private final List<SkippedStatement> skipped = new ArrayList<>();

        public int executed() {
            return executed;
        }

        /** One line per skipped statement. */
        public List<String> skipped() {
            return skipped.stream().map(SkippedStatement::line).toList();
        }

        public List<SkippedStatement> skippedStatements() {
            return List.copyOf(skipped);
        }
    }

    private final Map<String, ScriptRecord> scripts = new LinkedHashMap<>();

    synchronized void executed(String script) {
        scripts.computeIfAbsent(script, s -> new ScriptRecord()).executed++;
    }

    synchronized void skipped(String script, String line) {
        skipped(script, SkippedStatement.of(line));
    }

    synchronized void skipped(String script, SkippedStatement statement) {
        scripts.computeIfAbsent(script, s -> new ScriptRecord()).skipped.add(statement);
    }

    /** Forgets a script's tally when Flyway starts it again (after a rollback, it restarts from scratch). */
    synchronized void restart(String script) {
        scripts.remove(script);
    }

    public synchronized ScriptRecord of(String script) {
        return scripts.getOrDefault(script, new ScriptRecord());
    }
}
