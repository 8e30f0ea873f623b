package io.schemaguard.engine;

import java.time.Instant;

/** One row of {@code schema:history}. {@code version} is null for a repeatable migration. */
public record HistoryEntry(
        String version,
        String description,
        String type,
        MigrationState state,
        Instant installedOn,
        String installedBy,
        Integer executionMillis,
        String script) {
}
