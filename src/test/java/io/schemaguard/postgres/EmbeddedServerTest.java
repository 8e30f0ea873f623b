package io.schemaguard.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

class EmbeddedServerTest {

    @Test
    void requiresThePasswordOfTheCreatedUserAndCleansUpOnClose(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path init = dir.resolve("init.sql");
        Files.writeString(init, "CREATE TABLE seeded(id int); INSERT INTO seeded VALUES (1);");
        EmbeddedServer server = EmbeddedServer.start(
                new EmbeddedServerSettings(data, "app", "s3cret", "appdb", false, List.of(init), Map.of()),
                DefaultPostgresBinaryResolver.INSTANCE);
        try {
            assertEquals("jdbc:postgresql://127.0.0.1:" + server.port() + "/appdb", server.jdbcUrl());
            try (Connection c = connect(server.jdbcUrl(), "app", "s3cret");
                 var rs = c.createStatement().executeQuery(
                         "SELECT (SELECT count(*) FROM seeded), (SELECT tableowner FROM pg_tables WHERE tablename = 'seeded'), "
                                 + "(SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user)")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
                assertEquals("app", rs.getString(2));
                assertFalse(rs.getBoolean(3));
            }
            SQLException wrong = assertThrows(SQLException.class, () -> connect(server.jdbcUrl(), "app", "wrong").close());
            assertEquals("28P01", wrong.getSQLState());
            SQLException noPassword = assertThrows(SQLException.class, () -> connect(server.jdbcUrl(), "postgres", null).close());
            assertNotNull(noPassword.getSQLState());
        } finally {
            server.close();
        }
        assertFalse(Files.exists(data), "data directory removed by close");
    }

    @Test
    void aLeftoverClusterOfAKilledBuildIsStoppedAndClearedByTheNextStart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        EmbeddedServerSettings settings = new EmbeddedServerSettings(data, null, null, null, true, List.of(), Map.of());
        EmbeddedServer first = EmbeddedServer.start(settings, DefaultPostgresBinaryResolver.INSTANCE);
        long pid = LeftoverCluster.postmasterPid(first.clusterDirectory()).orElseThrow();
        // no close(): as if the build had been killed
        EmbeddedServer second = EmbeddedServer.start(settings, DefaultPostgresBinaryResolver.INSTANCE);
        try {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "old postmaster stopped");
            try (Connection c = connect(second.jdbcUrl(), "postgres", null)) {
                assertTrue(c.isValid(2));
            }
        } finally {
            second.close();
            first.close();
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        Connection c = new org.postgresql.Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("driver refused " + url);
        }
        return c;
    }
}
