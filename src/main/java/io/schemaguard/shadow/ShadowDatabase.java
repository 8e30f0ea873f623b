package io.schemaguard.shadow;

import io.schemaguard.settings.ConnectionSettings;

/**
 * A database that holds nothing the user needs, where migrations are replayed to build the
 * expected schema. Closing it removes what was built (drops the database, stops the server, or
 * wipes the given shadow's schemas), also after a failed replay.
 */
public final class ShadowDatabase implements AutoCloseable {
    @FunctionalInterface
    interface Cleanup {
        void run() throws Exception;
    }

    private final ConnectionSettings connection;
    private final String description;
    private final Cleanup cleanup;

    ShadowDatabase(ConnectionSettings connection, String description, Cleanup cleanup) {
        this.connection = throwaway(connection);
        this.description = description;
        this.cleanup = cleanup;
    }

    /**
     * Every session on the shadow commits without waiting for its WAL to reach the disk: a crash may lose only the
     * replay, which is thrown away anyway. Set per session (a libpq option), so nothing persists on a given shadow;
     * a URL that sets options of its own is left as it is.
     */
    static ConnectionSettings throwaway(ConnectionSettings connection) {
        String url = connection.url();
        if (url == null || url.contains("options=")) {
            return connection;
        }
        return new ConnectionSettings(url + (url.contains("?") ? "&" : "?") + "options=-c%20synchronous_commit%3Doff",
                connection.user(), connection.password());
    }

    public ConnectionSettings connection() {
        return connection;
    }

    /** One line for the log: which shadow was used. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            cleanup.run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot clean up the shadow (" + description + "): " + e.getMessage(), e);
        }
    }
}
