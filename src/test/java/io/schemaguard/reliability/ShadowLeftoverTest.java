package io.schemaguard.reliability;

import io.schemaguard.engine.DriftReport;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.StampReport;
import io.schemaguard.output.Log;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.shadow.ShadowDatabase;
import io.schemaguard.shadow.ShadowDatabases;
import io.schemaguard.testing.Backends;
import io.schemaguard.testing.GoalProcess;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a killed verify or stamp leaves — its temporary {@code sg_shadow_*} database, or an
 * embedded shadow's running server and folder — is removed by the next run once its owner is
 * gone, and never while a concurrent build uses it. The goal runs in a child JVM whose replay
 * waits on a file the test holds, and is killed (SIGKILL) there.
 */
@ExtendWith(PostgresExtension.class)
class ShadowLeftoverTest {
    private static final String ORDERS = "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);\n";
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;
    private static final Pattern OWNER_SESSION = Pattern.compile("owner session (\\d+) started");
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    /** V2 waits, on any database but the target, while the gate file exists: on the shadow, mid-replay. */
    private Migrations migrations(TestDatabase db, Path gate) {
        return new Migrations(dir.resolve("db")).file("V1__orders.sql", ORDERS).file("V2__wait_on_shadows.sql", """
                DO $$
                BEGIN
                    IF current_database() <> '%s' THEN
                        WHILE (pg_stat_file('%s', true)).size IS NOT NULL LOOP
                            PERFORM pg_sleep(0.05);
                        END LOOP;
                    END IF;
                END $$;
                """.formatted(db.name(), gate.toAbsolutePath()));
    }

    private static List<String> shadowDatabases(TestDatabase db) throws SQLException {
        return db.column("SELECT datname FROM pg_database WHERE datname LIKE 'sg\\_shadow\\_%' ORDER BY datname");
    }

    /** Waits for a query that runs the gate's loop in a database named like {@code pattern}, seen through {@code connect}. */
    private static String awaitGateIn(GoalProcess build, SqlSource connect, String pattern) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        SQLException lastFailure = null;
        while (Instant.now().isBefore(deadline)) {
            assertTrue(build.running(), () -> "the build ended before its replay reached the gate:\n" + output(build));
            try (Connection c = connect.open(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT datname FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_stat_file%'"
                            + " AND pid <> pg_backend_pid() AND datname LIKE '" + pattern + "'")) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            } catch (SQLException notYet) {
                // the embedded server may still be starting
                lastFailure = notYet;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no replay came to the gate within " + PATIENCE.toSeconds() + " s", lastFailure);
    }

    private static String output(GoalProcess build) {
        try {
            return build.output();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @FunctionalInterface
    private interface SqlSource {
        Connection open() throws SQLException;
    }

    private static int ownerSession(TestDatabase db, String shadow) throws SQLException {
        String marker = db.single("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '" + shadow + "'");
        Matcher owner = OWNER_SESSION.matcher(String.valueOf(marker));
        assertTrue(owner.find(), "the temporary shadow names its owner: " + marker);
        return Integer.parseInt(owner.group(1));
    }

    /** Runs {@code goal} in a child JVM, kills it while its replay waits at the gate, and returns the shadow it left. */
    private String killedMidReplay(String goal, TestDatabase db, Migrations migrations, Path gate) throws Exception {
        Files.writeString(gate, "held by the test");
        GoalProcess build = GoalProcess.start(goal, db, migrations, dir.resolve("child"));
        String shadow;
        int owner;
        try {
            shadow = awaitGateIn(build, db::connect, "sg\\_shadow\\_%");
            owner = ownerSession(db, shadow);
        } finally {
            build.kill();
        }
        Backends.awaitGone(db, owner);
        Files.delete(gate);
        return shadow;
    }

    @Test
    void aKilledVerifyLeavesItsTemporaryShadowAndTheNextRunRemovesIt(TestDatabase db) throws Exception {
        Path gate = dir.resolve("gate");
        Migrations migrations = migrations(db, gate);
        engine.upgrade(migrations.settings(db));

        String leftover = killedMidReplay("verify", db, migrations, gate);
        assertTrue(shadowDatabases(db).contains(leftover), "the killed build left its shadow " + leftover);

        RecordingLog log = new RecordingLog();
        DriftReport next = new SchemaEngine(log).verify(migrations.settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES);

        assertFalse(next.drift(), String.join("\n", next.text()));
        assertFalse(shadowDatabases(db).contains(leftover), "the next run removed " + leftover);
        assertEquals(List.of(), shadowDatabases(db));
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("Removed " + leftover + ", a temporary shadow database left by a build")),
                String.join("\n", log.lines()));
    }

    @Test
    void aKilledStampLeavesItsTemporaryShadowAndTheNextRunRemovesIt(TestDatabase db) throws Exception {
        Path gate = dir.resolve("gate");
        Migrations migrations = migrations(db, gate);
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));

        String leftover = killedMidReplay("stamp", db, migrations, gate);
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"), "nothing stamped");

        StampReport next = engine.stamp(migrations.settings(db), new StampSettings("2", false, false), ShadowSettings.automatic(),
                CLASSPATH_BINARIES);

        assertEquals(StampReport.Outcome.STAMPED, next.outcome());
        assertFalse(shadowDatabases(db).contains(leftover), "the next run removed " + leftover);
        assertEquals(List.of(), shadowDatabases(db));
    }

    /**
     * A concurrent build's shadow is not touched while its owner session lives; once the server has
     * ended that session (as a restart does), the next run removes it. A database that only looks
     * like a shadow, without the plugin's marker, is never touched.
     */
    @Test
    void aShadowInUseByAConcurrentBuildIsKeptUntilItsOwnerSessionIsGone(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__orders.sql", ORDERS);
        engine.upgrade(migrations.settings(db));
        db.execute("CREATE DATABASE sg_shadow_made_by_hand");
        ConnectionSettings target = new ConnectionSettings(db.url(), db.user(), db.password());

        try (ShadowDatabase concurrent = new ShadowDatabases(CLASSPATH_BINARIES, Log.silent()).open(target, ShadowSettings.automatic(),
                List.of("public"))) {
            String inUse = concurrent.description().split(" ")[3];
            assertTrue(shadowDatabases(db).contains(inUse), concurrent.description());

            assertFalse(engine.verify(migrations.settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES).drift());
            assertEquals(List.of(inUse, "sg_shadow_made_by_hand"), shadowDatabases(db), "the concurrent build's shadow is still there");
            assertEquals("1", single(concurrent.connection(), "SELECT 1"), "and still usable");

            int owner = ownerSession(db, inUse);
            Backends.terminate(db, owner);
            Backends.awaitGone(db, owner);
            RecordingLog log = new RecordingLog();
            assertFalse(new SchemaEngine(log).verify(migrations.settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES).drift());

            assertEquals(List.of("sg_shadow_made_by_hand"), shadowDatabases(db), "its owner gone, it was removed; the unmarked one stays");
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("(its owner session, pid " + owner + ", is gone)")),
                    String.join("\n", log.lines()));
        }
        assertEquals(List.of("sg_shadow_made_by_hand"), shadowDatabases(db), "closing the orphaned shadow is quiet");
        db.execute("DROP DATABASE sg_shadow_made_by_hand");
    }

    /**
     * A verify killed with an embedded shadow (the user may not create databases) leaves a running
     * postmaster and its folder in the temporary directory; the next build stops and deletes them.
     * A folder without the owner file, or whose owner (this JVM) runs, stays.
     */
    @Test
    void aKilledVerifyLeavesARunningEmbeddedShadowAndTheNextRunRemovesIt(TestDatabase db) throws Exception {
        db.execute("CREATE ROLE leftover_app LOGIN NOCREATEDB; GRANT ALL ON SCHEMA public TO leftover_app");
        Path gate = dir.resolve("gate");
        Migrations migrations = migrations(db, gate);
        engine.upgrade(migrations.settings(new ConnectionSettings(db.url(), "leftover_app", null), null, GuardMode.VERIFY));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path foreign = Files.createDirectories(tmp.resolve("schema-shadow-not-ours"));
        Files.writeString(foreign.resolve("notes.txt"), "the user's");
        Path alive = Files.createDirectories(tmp.resolve("schema-shadow-of-a-running-build"));
        Files.writeString(alive.resolve("schema-shadow-owner.properties"), "pid=" + ProcessHandle.current().pid() + "\nstart="
                + ProcessHandle.current().info().startInstant().map(Object::toString).orElse("") + "\n");
        List<String> tmpdir = List.of("-Djava.io.tmpdir=" + tmp.toAbsolutePath());

        Files.writeString(gate, "held by the test");
        GoalProcess build = GoalProcess.start("verify", "leftover_app", db, migrations, dir.resolve("child"), tmpdir);
        Path leftover;
        int port;
        try {
            leftover = awaitEmbeddedShadow(tmp);
            port = Integer.parseInt(Files.readAllLines(leftover.resolve("data/pgdata/postmaster.pid")).get(3).trim());
            awaitGateIn(build, () -> superuser(port), "postgres");
        } finally {
            build.kill();
        }
        Files.delete(gate);
        assertTrue(Files.exists(leftover.resolve("data/pgdata/postmaster.pid")), "the killed build left a running shadow");

        GoalProcess next = GoalProcess.start("verify", "leftover_app", db, migrations, dir.resolve("child"), tmpdir);
        assertEquals(0, next.awaitExit(), next.output());

        assertTrue(next.output().contains("No drift"), next.output());
        assertFalse(Files.exists(leftover), "the next run removed " + leftover);
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "its server is stopped");
        assertTrue(Files.exists(foreign.resolve("notes.txt")), "a folder without the owner file is not touched");
        assertTrue(Files.exists(alive), "a folder whose owner runs is not touched");
        assertEquals(List.of(foreign, alive), shadowFolders(tmp));
    }

    private static Path awaitEmbeddedShadow(Path tmp) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            for (Path folder : shadowFolders(tmp)) {
                Path pid = folder.resolve("data/pgdata/postmaster.pid");
                // initdb's bootstrap writes the file too, with the default port; the postmaster's says "ready" once it listens
                if (Files.exists(pid) && Files.readAllLines(pid).stream().map(String::trim).anyMatch("ready"::equals)) {
                    return folder;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no embedded shadow started within " + PATIENCE.toSeconds() + " s");
    }

    private static List<Path> shadowFolders(Path tmp) throws Exception {
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, "schema-shadow-*")) {
            entries.forEach(folders::add);
        }
        folders.sort(null);
        return folders;
    }

    private static Connection superuser(int port) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
    }

    private static String single(ConnectionSettings settings, String sql) throws SQLException {
        Properties props = new Properties();
        Optional.ofNullable(settings.user()).ifPresent(u -> props.setProperty("user", u));
        Optional.ofNullable(settings.password()).ifPresent(p -> props.setProperty("password", p));
        try (Connection c = new org.postgresql.Driver().connect(settings.url(), props); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
