package io.schemaguard.flyway;

/**
 * One statement of a migration as Flyway's parser split it.
 *
 * @param number        1-based position in the script
 * @param line          line of the script where the statement starts
 * @param sql           the statement, with the comments before it
 * @param inTransaction false for statements PostgreSQL cannot run in a transaction (CREATE INDEX CONCURRENTLY…)
 */
public record MigrationStatement(String script, String version, int number, int line, String sql, boolean inTransaction) {
}
