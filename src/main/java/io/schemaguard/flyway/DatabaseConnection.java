package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.FlywayOptions;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections to the target and turns every way that can fail into one clear message,
 * decided by SQLSTATE (the server's text may be in any language and is only shown, never read).
 */
public final class DatabaseConnection {
    private static final String PREFIX = "jdbc:postgresql:";
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    // Told to the driver, it sends the application name in the start-up message instead of a SET after it: one
    // round trip less per connection. Every server Flyway supports is newer.
    private static final String ASSUMED_SERVER = "9.0";

    private final ConnectionSettings settings;
    private final String initSql;
    private final int connectRetries;
    private final int connectRetriesInterval;

    public DatabaseConnection(ConnectionSettings settings) {
        this(settings, FlywayOptions.DEFAULT);
    }

    /** Opening connections as Flyway opens its own: {@code initSql} run on each, {@code connectRetries} when the server is out of reach. */
    public DatabaseConnection(ConnectionSettings settings, FlywayOptions flyway) {
        this.settings = settings;
        this.initSql = flyway.initSql();
        this.connectRetries = flyway.connectRetries();
        this.connectRetriesInterval = flyway.connectRetriesInterval();
    }

    /**
     * The target as a user reads it: host, port, database and user, from the URL as the driver reads
     * it (never a password: a URL carrying one is refused before this).
     */
    public String describe() {
        String url = settings.url();
        Properties parsed = url == null ? null : Driver.parseURL(url, null);
        String who = settings.user() == null ? "the driver's default user" : settings.user();
        if (parsed == null) {
            return "user " + who;
        }
        return "host " + parsed.getProperty("PGHOST", "localhost") + ", port " + parsed.getProperty("PGPORT", "5432") + ", database "
                + parsed.getProperty("PGDBNAME", "") + ", user " + who;
    }

    /** Checks the URL's form before anything is attempted. */
    public void validateUrl() {
        String url = settings.url();
        if (url == null || url.isBlank()) {
            throw new SchemaFailure("No database URL. Set <url> in the plugin configuration or -Dschema.url=jdbc:postgresql://host:5432/db,"
                    + " or bind schema:start before this goal to use an embedded PostgreSQL.");
        }
        if (!url.startsWith(PREFIX)) {
            throw new SchemaFailure("'" + url + "' is not a PostgreSQL JDBC URL. This plugin works with PostgreSQL only;"
                    + " the URL must look like jdbc:postgresql://host:5432/database.");
        }
        if (new Driver().acceptsURL(url) && Driver.parseURL(url, null) == null) {
            throw new SchemaFailure("'" + url + "' is not a valid PostgreSQL JDBC URL (expected jdbc:postgresql://host:5432/database).");
        }
    }

    public Connection open() {
        validateUrl();
        Properties props = new Properties();
        if (settings.user() != null) {
            props.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("ApplicationName", "schema-maven-plugin");
        props.setProperty("assumeMinServerVersion", ASSUMED_SERVER); // a URL that sets its own still wins
        for (int attempt = 0; ; attempt++) {
            Connection connection;
            try {
                connection = new Driver().connect(settings.url(), props);
            } catch (SQLException e) {
                if (attempt < connectRetries && isOutOfReach(e)) {
                    pause(attempt);
                    continue;
                }
                throw failure(e);
            }
            if (connection == null) {
                throw new SchemaFailure("'" + settings.url() + "' is not a valid PostgreSQL JDBC URL.");
            }
            runInitSql(connection);
            return connection;
        }
    }

    private static boolean isOutOfReach(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.equals("57P03");
    }

    // As Flyway waits between connection attempts: 1 second, doubling, at most connectRetriesInterval.
    private void pause(int attempt) {
        long seconds = Math.min(1L << Math.min(attempt, 20), Math.max(1, connectRetriesInterval));
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaFailure("Interrupted while waiting to connect again to " + settings.url() + ".");
        }
    }

    private void runInitSql(Connection connection) {
        if (initSql == null) {
            return;
        }
        try (var statement = connection.createStatement()) {
            statement.execute(initSql);
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new SchemaFailure("initSql failed on a new connection to " + settings.url() + " (SQLSTATE " + e.getSQLState() + "): "
                    + e.getMessage() + "\nFix <initSql> (-Dschema.initSql): it runs on every connection, as in Flyway. Nothing was changed.", e);
        }
    }

    /** A data source for Flyway; the first connection is checked by {@link #open()} beforehand. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(settings.url());
        if (settings.user() != null) {
            dataSource.setUser(settings.user());
        }
        if (settings.password() != null) {
            dataSource.setPassword(settings.password());
        }
        dataSource.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        dataSource.setApplicationName("schema-maven-plugin");
        if (dataSource.getAssumeMinServerVersion() == null) {
            dataSource.setAssumeMinServerVersion(ASSUMED_SERVER);
        }
        return dataSource;
    }

    private SchemaFailure failure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String who = settings.user() == null ? "the default user" : "user '" + settings.user() + "'";
        String where = settings.url();
        return switch (state) {
            case "28P01", "28000" -> new SchemaFailure("Authentication failed for " + who + " at " + where
                    + " (SQLSTATE " + state + "). Check the user and password (<user>/<password>, or the <server> entry named by <serverId> in settings.xml).", e);
            case "3D000" -> new SchemaFailure("The database in " + where + " does not exist (SQLSTATE 3D000). Create it, or fix the database name in the URL.", e);
            case "08001", "08004", "08006", "57P03" -> new SchemaFailure("Cannot reach the PostgreSQL server at " + where + ": "
                    + reachability(e) + " Check the host and port, and that the server is running and accepts TCP connections.", e);
            default -> new SchemaFailure("Cannot connect to " + where + " as " + who + " (SQLSTATE " + state + "): " + e.getMessage(), e);
        };
    }

    private static String reachability(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage() + ".";
            }
            if (cause instanceof ConnectException) {
                return "connection refused.";
            }
            if (cause instanceof java.net.SocketTimeoutException) {
                return "no answer within " + CONNECT_TIMEOUT_SECONDS + " seconds.";
            }
        }
        return e.getMessage();
    }
}
