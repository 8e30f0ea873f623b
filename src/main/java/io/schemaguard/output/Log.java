package io.schemaguard.output;

/** Where the engine's and Flyway's messages go; the Maven layer adapts it to Maven's log. */
public interface Log {
    boolean isDebugEnabled();

    void debug(String message);

    void info(String message);

    void warn(String message);

    void error(String message);

    /** A log that drops everything, for callers that only want the returned report. */
    static Log silent() {
        return new Log() {
            public boolean isDebugEnabled() { return false; }
            public void debug(String message) { }
            public void info(String message) { }
            public void warn(String message) { }
            public void error(String message) { }
        };
    }

    /** Everything this log would print at info and below goes to debug: for work whose detail the user did not ask for. */
    static Log debugOnly(Log target) {
        return new Log() {
            public boolean isDebugEnabled() { return target.isDebugEnabled(); }
            public void debug(String message) { target.debug(message); }
            public void info(String message) { target.debug(message); }
            public void warn(String message) { target.warn(message); }
            public void error(String message) { target.error(message); }
        };
    }
}
