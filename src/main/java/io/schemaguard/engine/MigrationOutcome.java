package io.schemaguard.engine;

import io.schemaguard.guard.SkippedStatement;

import java.util.List;

/** What happened to one migration during an upgrade (SPEC §3). */
public record MigrationOutcome(String version, String description, String script, Kind kind, long millis,
                               List<SkippedStatement> skippedStatements) {

    public enum Kind {
        /** Ran fully. */
        APPLIED,
        /** Every statement skipped: its object was already there and identical. */
        ADOPTED,
        /** Some statements skipped, the rest ran. */
        COMPLETED
    }

    public MigrationOutcome {
        skippedStatements = List.copyOf(skippedStatements);
    }

    /** One line per skipped statement, as the build log shows it. */
    public List<String> skipped() {
        return skippedStatements.stream().map(SkippedStatement::line).toList();
    }
}
