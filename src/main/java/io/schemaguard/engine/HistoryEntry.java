package io.schemaguard.engine;

import java.time.Instant;

/**
 * One row of {@code schema:history}. {@code version} is null for a repeatable migration;
 * {@code undoScript} names the undo script of an applied versioned migration, null when it has none.
 */
public record HistoryEntry(
        String version,
        String description,
        String type,
        MigrationState state,
        Instant installedOn,
        String installedBy,
        Integer executionMillis,
        String script,
        String undoScript) {
}
