package io.schemaguard.flyway;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Routes Flyway's log lines to the engine's log at the matching level, numbering each migration's
 * "Migrating schema …" line ({@code [3/12]}). Flyway's "Database: …" line goes to debug: the goal's
 * "Target: …" line names the database once, and Flyway would repeat it at every command.
 */
final class FlywayLogBridge implements LogCreator {
    private final io.schemaguard.output.Log target;
    private final MigrationProgress progress;

    FlywayLogBridge(io.schemaguard.output.Log target, MigrationProgress progress) {
        this.target = target;
        this.progress = progress;
    }

    @Override
    public Log createLogger(Class<?> clazz) {
        return new Log() {
            public boolean isDebugEnabled() { return target.isDebugEnabled(); }
            public void debug(String message) { target.debug(message); }
            public void info(String message) {
                if (message.startsWith("Environment: ") || message.startsWith("Database: ")
                        || message.endsWith(" - " + MigrationProgress.NAME)) { // "Executing Java callback: beforeEachMigrate - …"
                    target.debug(message);
                } else if (message.startsWith("Migrating ")) {
                    target.info(progress.counterOfRunning() + message);
                } else {
                    target.info(message);
                }
            }
            public void warn(String message) { target.warn(message); }
            public void error(String message) { target.error(message); }
            public void error(String message, Exception e) { target.error(message + (e == null ? "" : ": " + e.getMessage())); }
            public void notice(String message) { target.info(message); }
        };
    }
}
