package io.schemaguard.flyway;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/** Routes Flyway's log lines to the engine's log at the matching level. */
final class FlywayLogBridge implements LogCreator {
    private final io.schemaguard.output.Log target;
    // Flyway names the environment and the database at every command; one goal runs several commands.
    private final java.util.Set<String> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FlywayLogBridge(io.schemaguard.output.Log target) {
        this.target = target;
    }

    @Override
    public Log createLogger(Class<?> clazz) {
        return new Log() {
            public boolean isDebugEnabled() { return target.isDebugEnabled(); }
            public void debug(String message) { target.debug(message); }
            public void info(String message) {
                if (message.startsWith("Environment: ") || (message.startsWith("Database: ") && !announced.add(message))) {
                    target.debug(message);
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
