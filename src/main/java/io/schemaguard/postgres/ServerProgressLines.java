package io.schemaguard.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded server library logs its progress through SLF4J at info ("3f2a…-… initdb completed in …",
 * "postmaster started as …", "shut down postmaster …"): raw lines that say nothing the plugin's own line does
 * not. Maven's SLF4J logger takes its level from this system property when the library's logger is created,
 * so the lines are kept for {@code -X} (debug) only, unless the user set the property.
 */
final class ServerProgressLines {
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.log." + EmbeddedPostgres.class.getName();

    private ServerProgressLines() {
    }

    /** Before the library's first use in this JVM: its lines shown only when {@code debug} (Maven's -X) is on. */
    static void onlyWhenDebugging(boolean debug) {
        if (System.getProperty(LEVEL_PROPERTY) == null) {
            System.setProperty(LEVEL_PROPERTY, debug ? "debug" : "warn");
        }
    }
}
