package io.schemaguard.flyway;

import java.time.Instant;

/**
 * One migration as Flyway sees it: a resolved file, an applied history row, or both.
 *
 * @param version       null for repeatable migrations
 * @param flywayState   Flyway's state (PENDING, SUCCESS, FAILED, MISSING_SUCCESS, FUTURE_SUCCESS, …)
 * @param installedRank null when not applied
 * @param file          the migration's file on disk; null when it is not a file (a Java migration, a script in a jar) or gone
 */
public record MigrationEntry(
        String version,
        String description,
        String type,
        String script,
        String flywayState,
        Instant installedOn,
        String installedBy,
        Integer executionMillis,
        Integer installedRank,
        Integer checksum,
        java.nio.file.Path file) {

    /** The migration's file name (its script is its path relative to the location). */
    public String fileName() {
        return GuardedMigrationResolver.fileName(script);
    }

    public boolean applied() {
        return installedRank != null;
    }

    public boolean failed() {
        return flywayState.contains("FAILED");
    }

    /** A Java migration (Flyway's type JDBC): it runs as Flyway runs it, past the guard. */
    public boolean javaMigration() {
        return "JDBC".equals(type);
    }

    public boolean pending() {
        return "PENDING".equals(flywayState);
    }
}
