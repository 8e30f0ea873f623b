package io.schemaguard.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 and a free port, for builds and tests that must not
 * need Docker or an installed server. Closing it stops the server and deletes its data directory
 * (see {@link DataDirectory}: the plugin's marker, the cluster, the server's log).
 */
public final class EmbeddedServer implements AutoCloseable {
    private static final String SUPERUSER_DATABASE = "postgres";
    /** The options initdb runs with (zonky adds {@code -A trust -U postgres -E UTF-8}); a cluster template is kept per set. */
    static final String INITDB_OPTIONS = "zonky 2: -A trust -U postgres -E UTF-8 --locale=C --encoding=UTF8";

    private final EmbeddedPostgres postgres;
    private final EmbeddedServerSettings settings;
    private final DataDirectory directory;
    // Under "trust" (before passwords are required) the password is ignored, so it can be sent from the start.
    private final String superuserPassword;
    private final StopAtExit stopAtExit;

    private EmbeddedServer(EmbeddedPostgres postgres, EmbeddedServerSettings settings) {
        this.postgres = postgres;
        this.settings = settings;
        this.directory = new DataDirectory(settings.dataDirectory());
        this.stopAtExit = new StopAtExit(directory.cluster());
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        boolean superuserIsTheUser = settings.user().equals(EmbeddedServerSettings.SUPERUSER);
        this.superuserPassword = !settings.requiresPassword() ? null
                : superuserIsTheUser ? settings.password() : UUID.randomUUID().toString();
    }

    public static EmbeddedServer start(EmbeddedServerSettings settings, PgBinaryResolver binaries) throws IOException {
        return start(settings, binaries, false);
    }

    /** @param debug whether the build shows debug lines (Maven's -X): only then do the library's raw progress lines show */
    public static EmbeddedServer start(EmbeddedServerSettings settings, PgBinaryResolver binaries, boolean debug) throws IOException {
        return start(settings, binaries, debug, null);
    }

    /**
     * @param templates where initdb'd clusters are kept for these binaries: the cluster is a copy of one (initdb skipped),
     *                  or initdb makes it and a copy is kept for later starts; {@code null}: initdb every time
     */
    public static EmbeddedServer start(EmbeddedServerSettings settings, PgBinaryResolver binaries, boolean debug,
                                       ClusterTemplates templates) throws IOException {
        ServerProgressLines.onlyWhenDebugging(debug);
        DataDirectory directory = new DataDirectory(settings.dataDirectory());
        directory.claim();
        if (templates != null) {
            templates.removeAbandonedCopies();
        }
        // zonky runs initdb when postgresql.conf is missing: always, but for a copied template (claim() left no cluster)
        boolean copied = templates != null && templates.copyTo(directory.cluster());
        // initdb's and the server's own output go to a file: the build log keeps our one line
        ProcessBuilder.Redirect serverLog = ProcessBuilder.Redirect.appendTo(directory.serverLog().toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory.cluster())
                // close() deletes the directory itself: zonky's deletion took twice as long (a test server holds hundreds of databases)
                .setCleanDataDirectory(false)
                // zonky's own hook needs classes that Maven has unloaded by exit time; StopAtExit does not
                .setRegisterShutdownHook(false)
                .setPgBinaryResolver(binaries)
                .setOutputRedirector(serverLog)
                .setErrorRedirector(serverLog)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "")
                // pg_hba asks for SCRAM; before PostgreSQL 14 passwords were stored as md5 by default, and SCRAM logins failed
                .setServerConfig("password_encryption", "scram-sha-256")
                // initdb's options: a change here goes into INITDB_OPTIONS too, so that no older template is copied
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("encoding", "UTF8");
        settings.serverConfig().forEach(builder::setServerConfig);
        if (templates != null && !copied) {
            // called after initdb, before the server first starts: the cluster is as initdb left it
            builder.setDataDirectoryCustomizer(cluster -> templates.keep(cluster.toPath()));
        }
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new IOException(e.getMessage() + " (server output: " + directory.serverLog() + ")", e);
        }
        EmbeddedServer server = new EmbeddedServer(postgres, settings);
        try {
            server.prepare();
        } catch (SQLException e) {
            server.close();
            throw new IOException("Preparing the embedded PostgreSQL failed: " + e.getMessage(), e);
        } catch (RuntimeException | IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Where initdb and the server write their output: inside the data directory, deleted with it. */
    public static Path serverLog(Path dataDirectory) {
        return new DataDirectory(dataDirectory).serverLog();
    }

    /** The cluster's own directory ({@code PGDATA}), inside the data directory. */
    public Path clusterDirectory() {
        return directory.cluster();
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return jdbcUrl(settings.database());
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public EmbeddedServerSettings settings() {
        return settings;
    }

    /** The server's major version, e.g. "18". */
    public String majorVersion() {
        try (Connection connection = superuserConnection(SUPERUSER_DATABASE);
             var rs = connection.createStatement().executeQuery("SHOW server_version_num")) {
            rs.next();
            return String.valueOf(Integer.parseInt(rs.getString(1)) / 10000);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection as the superuser, for tests and tooling that set up databases. */
    public Connection superuserConnection(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", EmbeddedServerSettings.SUPERUSER);
        if (superuserPassword != null) {
            props.setProperty("password", superuserPassword);
        }
        return new org.postgresql.Driver().connect(jdbcUrl(database), props);
    }

    private void prepare() throws SQLException, IOException {
        String user = settings.user();
        String database = settings.database();
        try (Connection connection = superuserConnection(SUPERUSER_DATABASE); Statement statement = connection.createStatement()) {
            if (!user.equals(EmbeddedServerSettings.SUPERUSER)) {
                statement.execute("CREATE ROLE " + quoteIdentifier(user) + " LOGIN"
                        + (settings.userCanCreateDatabases() ? " CREATEDB" : "")
                        + (settings.password() != null ? " PASSWORD " + quoteLiteral(settings.password()) : ""));
            } else if (settings.password() != null) {
                statement.execute("ALTER ROLE postgres PASSWORD " + quoteLiteral(settings.password()));
            }
            if (!database.equals(SUPERUSER_DATABASE)) {
                statement.execute("CREATE DATABASE " + quoteIdentifier(database) + " OWNER " + quoteIdentifier(user));
            }
            if (!user.equals(EmbeddedServerSettings.SUPERUSER)) {
                // the role owns the public schema, as an application's role does on a real server
                try (Connection db = superuserConnection(database); Statement s = db.createStatement()) {
                    s.execute("ALTER SCHEMA public OWNER TO " + quoteIdentifier(user));
                }
            }
        }
        runInitScripts();
        if (settings.requiresPassword()) {
            requirePasswords();
        }
    }

    private void runInitScripts() throws SQLException, IOException {
        for (Path script : settings.initScripts()) {
            String sql = Files.readString(script, StandardCharsets.UTF_8);
            try (Connection connection = superuserConnection(settings.database()); Statement statement = connection.createStatement()) {
                if (!settings.user().equals(EmbeddedServerSettings.SUPERUSER)) {
                    statement.execute("SET ROLE " + quoteIdentifier(settings.user()));
                }
                statement.execute(sql);
            } catch (SQLException e) {
                throw new SQLException("init script " + script + " failed: " + e.getMessage(), e.getSQLState(), e);
            }
        }
    }

    // Every TCP login must then give a password; the superuser gets a random one nobody needs to know.
    private void requirePasswords() throws SQLException, IOException {
        try (Connection connection = superuserConnection(SUPERUSER_DATABASE); Statement statement = connection.createStatement()) {
            if (!settings.user().equals(EmbeddedServerSettings.SUPERUSER)) {
                statement.execute("ALTER ROLE postgres PASSWORD " + quoteLiteral(superuserPassword));
            }
            Path hba = directory.cluster().resolve("pg_hba.conf");
            Files.writeString(hba, """
                    # written by schema:start: passwords required
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """, StandardCharsets.UTF_8);
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook runs anyway
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            LeftoverCluster.removeAt(directory.root());
        }
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
