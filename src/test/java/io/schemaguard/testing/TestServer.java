package io.schemaguard.testing;

import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one PostgreSQL server of a test run: embedded by default, or the server named by
 * {@code SCHEMA_TEST_JDBC_URL} (with {@code SCHEMA_TEST_USER} and {@code SCHEMA_TEST_PASSWORD}),
 * whose user must be allowed to create databases.
 */
public final class TestServer implements AutoCloseable {
    static final String JDBC_URL_VARIABLE = "SCHEMA_TEST_JDBC_URL";

    private final EmbeddedServer embedded;
    private final String adminUrl;
    private final String user;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();
    private final String createOptions;

    private TestServer(EmbeddedServer embedded, String adminUrl, String user, String password) throws IOException {
        this.embedded = embedded;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.createOptions = createOptions();
    }

    /** Whether the tests run on the server named by {@code SCHEMA_TEST_JDBC_URL}, one for all threads. */
    static boolean external() {
        String external = System.getenv(JDBC_URL_VARIABLE);
        return external != null && !external.isBlank();
    }

    static TestServer start() throws IOException {
        if (external()) {
            return new TestServer(null, System.getenv(JDBC_URL_VARIABLE), System.getenv("SCHEMA_TEST_USER"), System.getenv("SCHEMA_TEST_PASSWORD"));
        }
        // one server per test thread, each with its own directory
        Path parent = Path.of("target", "test-postgres");
        Files.createDirectories(parent);
        Path dataDirectory = Files.createTempDirectory(parent, "data-" + ProcessHandle.current().pid() + "-");
        EmbeddedServer server = EmbeddedServer.start(
                new EmbeddedServerSettings(dataDirectory, null, null, null, true, List.of(),
                        // autovacuum would visit each of the run's hundreds of databases, again and again, for nothing
                        Map.of("fsync", "off", "full_page_writes", "off", "autovacuum", "off")),
                DefaultPostgresBinaryResolver.INSTANCE);
        requireAskedMajor(server);
        TestServer testServer = new TestServer(server, server.jdbcUrl("postgres"), "postgres", null);
        testServer.requirePasswordsFor(PASSWORD_ROLE);
        return testServer;
    }

    // -Dtest.postgres.version=NN puts that major's binaries on the class path (pom profiles postgres-NN); make sure they are the ones running.
    private static void requireAskedMajor(EmbeddedServer server) throws IOException {
        String binaries = System.getProperty("schema.test.binaries");
        String major = server.majorVersion();
        if (binaries != null && !binaries.isBlank() && !binaries.startsWith(major + ".")) {
            server.close();
            throw new IOException("The test server runs PostgreSQL " + major + " but the build asked for binaries " + binaries);
        }
        System.out.println("Test server: embedded PostgreSQL " + major + " (binaries " + binaries + ")");
    }

    /** Members of this role must log in with a password (SCRAM); everyone else is trusted. */
    static final String PASSWORD_ROLE = "password_required";

    private void requirePasswordsFor(String group) throws IOException {
        try (Connection connection = adminConnection()) {
            connection.createStatement().execute("CREATE ROLE " + group + " NOLOGIN");
            Files.writeString(embedded.clusterDirectory().resolve("pg_hba.conf"),
                    "host all +" + group + " 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\n");
            connection.createStatement().execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    // A test database is a copy of template1: copied as files it costs a third of the CPU of the default WAL_LOG copy (15+).
    private String createOptions() throws IOException {
        try (Connection connection = adminConnection(); var rs = connection.createStatement().executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) >= 150000 ? " STRATEGY FILE_COPY" : "";
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    /** A new, empty database on this server, named after the test that asked for it. */
    public TestDatabase createDatabaseFor(String hint) throws SQLException {
        return createDatabase(hint);
    }

    TestDatabase createDatabase(String hint) throws SQLException {
        String name = ("t" + databases.incrementAndGet() + "_" + hint.toLowerCase().replaceAll("[^a-z0-9]+", "_"));
        name = name.length() > 60 ? name.substring(0, 60) : name;
        try (Connection connection = adminConnection()) {
            connection.createStatement().execute("CREATE DATABASE " + name + createOptions);
        }
        String url = adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
        return new TestDatabase(name, url, user, password, this);
    }

    Connection adminConnection() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return new org.postgresql.Driver().connect(adminUrl, props);
    }

    EmbeddedServer embedded() {
        return embedded;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
