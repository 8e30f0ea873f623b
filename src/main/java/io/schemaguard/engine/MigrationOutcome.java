package io.schemaguard.engine;

import java.util.List;

/** What happened to one migration during an upgrade (SPEC §3). */
public record MigrationOutcome(String version, String description, String script, Kind kind, long millis, List<String> skipped) {

    public enum Kind {
        /** Ran fully. */
        APPLIED,
        /** Every statement skipped: its object was already there and identical. */
        ADOPTED,
        /** Some statements skipped, the rest ran. */
        COMPLETED
    }

    public MigrationOutcome {
        skipped = List.copyOf(skipped);
    }
}
