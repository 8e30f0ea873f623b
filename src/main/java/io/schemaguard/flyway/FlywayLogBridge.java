package io.schemaguard.flyway;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/** Routes Flyway's log lines to the engine's log at the matching level. */
final class FlywayLogBridge implements LogCreator {
    private final io.schemaguard.output.Log target;

    FlywayLogBridge(io.schemaguard.output.Log target) {
        this.target = target;
    }

    @Override
    public Log createLogger(Class<?> clazz) {
        return new Log() {
            public boolean isDebugEnabled() { return target.isDebugEnabled(); }
            public void debug(String message) { target.debug(message); }
            public void info(String message) { target.info(message); }
            public void warn(String message) { target.warn(message); }
            public void error(String message) { target.error(message); }
            public void error(String message, Exception e) { target.error(message + (e == null ? "" : ": " + e.getMessage())); }
            public void notice(String message) { target.info(message); }
        };
    }
}
