package io.schemaguard.maven;

import io.schemaguard.output.Log;

/** The engine's log on Maven's. */
final class MavenLog implements Log {
    private final org.apache.maven.plugin.logging.Log log;

    MavenLog(org.apache.maven.plugin.logging.Log log) {
        this.log = log;
    }

    public boolean isDebugEnabled() { return log.isDebugEnabled(); }
    public void debug(String message) { log.debug(message); }
    public void info(String message) { log.info(message); }
    public void warn(String message) { log.warn(message); }
    public void error(String message) { log.error(message); }
}
