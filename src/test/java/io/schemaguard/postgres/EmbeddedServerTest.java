package io.schemaguard.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

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

    // initdb's last words, in the server log (initdb's output goes there): absent when the cluster was copied
    private static final String INITDB_SUCCESS = "Success. You can now start the database server";

    @Test
    void aLaterStartCopiesTheClusterInitdbMadeBeforeTheFirstServerRan(@TempDir Path dir) throws Exception {
        ClusterTemplates templates = new ClusterTemplates(dir.resolve("templates"), "the class path's binaries");
        Path firstData = dir.resolve("first");
        try (EmbeddedServer first = EmbeddedServer.start(new EmbeddedServerSettings(firstData, null, null, null, true, List.of(), Map.of()),
                DefaultPostgresBinaryResolver.INSTANCE, false, templates);
             Connection c = connect(first.jdbcUrl(), "postgres", null)) {
            assertTrue(Files.readString(EmbeddedServer.serverLog(firstData)).contains(INITDB_SUCCESS), "the first start ran initdb");
            c.createStatement().execute("CREATE TABLE made_by_the_first_server(id int)");
        }
        assertTrue(Files.isRegularFile(templates.template().resolve("postgresql.conf")), "the initdb'd cluster was kept");
        assertFalse(Files.exists(templates.template().resolve("postmaster.pid")), "kept before its server started");

        Path secondData = dir.resolve("second");
        EmbeddedServer second = EmbeddedServer.start(new EmbeddedServerSettings(secondData, "app", "s3cret", "appdb", false, List.of(), Map.of()),
                DefaultPostgresBinaryResolver.INSTANCE, false, templates);
        try (Connection c = connect(second.jdbcUrl(), "app", "s3cret");
             var rs = c.createStatement().executeQuery("SELECT to_regclass('made_by_the_first_server') IS NULL, current_database()")) {
            assertFalse(Files.readString(EmbeddedServer.serverLog(secondData)).contains(INITDB_SUCCESS), "no initdb for the second start");
            rs.next();
            assertTrue(rs.getBoolean(1), "the copy is initdb's cluster, not the first server's");
            assertEquals("appdb", rs.getString(2));
            SQLException wrong = assertThrows(SQLException.class, () -> connect(second.jdbcUrl(), "app", "wrong").close());
            assertEquals("28P01", wrong.getSQLState());
        } finally {
            second.close();
        }
        assertFalse(Files.exists(secondData), "data directory removed by close");
        assertTrue(Files.isRegularFile(templates.template().resolve("postgresql.conf")), "the template outlives the servers");
    }

    @Test
    void concurrentStartsEachGetTheirServerAndLeaveOneTemplate(@TempDir Path dir) throws Exception {
        ClusterTemplates templates = new ClusterTemplates(dir.resolve("templates"), "the class path's binaries");
        ExecutorService starts = Executors.newFixedThreadPool(2);
        try {
            List<Future<EmbeddedServer>> servers = new ArrayList<>();
            for (String name : List.of("one", "two")) {
                servers.add(starts.submit(() -> EmbeddedServer.start(new EmbeddedServerSettings(dir.resolve(name), null, null, null, true,
                        List.of(), Map.of()), DefaultPostgresBinaryResolver.INSTANCE, false, templates)));
            }
            for (Future<EmbeddedServer> started : servers) {
                try (EmbeddedServer server = started.get(); Connection c = connect(server.jdbcUrl(), "postgres", null)) {
                    assertTrue(c.isValid(2));
                }
            }
        } finally {
            starts.shutdownNow();
        }
        try (Stream<Path> kept = Files.list(dir.resolve("templates"))) {
            assertEquals(List.of(templates.template()), kept.toList(), "one template, no half-built copy left");
        }
    }

    @Test
    void aStartDeletesTheHalfBuiltTemplateCopiesOfAKilledStartButNoOtherFile(@TempDir Path dir) throws Exception {
        ClusterTemplates templates = new ClusterTemplates(dir.resolve("templates"), "the class path's binaries");
        String name = templates.template().getFileName().toString();
        Path abandoned = Files.createDirectories(dir.resolve("templates").resolve(name + ".building-killed").resolve("base"));
        Path building = Files.createDirectories(dir.resolve("templates").resolve(name + ".building-running"));
        Path usersOwn = Files.createDirectories(dir.resolve("templates").resolve("notes.building-old"));
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        for (Path old : List.of(abandoned.getParent(), usersOwn)) {
            Files.setLastModifiedTime(old, twoHoursAgo);
        }

        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerSettings(dir.resolve("data"), null, null, null, true, List.of(),
                Map.of()), DefaultPostgresBinaryResolver.INSTANCE, false, templates)) {
            assertTrue(server.jdbcUrl().startsWith("jdbc:postgresql:"));
        }

        assertFalse(Files.exists(abandoned.getParent()), "the killed start's copy, two hours old, is deleted");
        assertTrue(Files.isDirectory(building), "a copy being built now is left to its start");
        assertTrue(Files.isDirectory(usersOwn), "a directory not named after this template is not the plugin's");
        assertTrue(Files.isRegularFile(templates.template().resolve("postgresql.conf")));
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
