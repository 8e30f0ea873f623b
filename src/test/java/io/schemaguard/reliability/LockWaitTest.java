package io.schemaguard.reliability;

import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.DowngradeTarget;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.LockSettings;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A migration statement that waits for a lock another session holds (SPEC §10): it says who holds
 * it while it waits, gives up after {@code lockTimeout}, is retried {@code lockRetries} times, and
 * fails naming the holder — in a guarded upgrade, with guard=off, in a dry run and in a downgrade.
 */
@ExtendWith(PostgresExtension.class)
class LockWaitTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String HOLDER_APPLICATION = "nightly-report";
    private static final String HOLD = "LOCK TABLE t IN ACCESS EXCLUSIVE MODE";

    enum Goal { GUARDED_UPGRADE, UPGRADE_GUARD_OFF, DRY_RUN, DOWNGRADE }

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();
    private final ExecutorService build = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopBuild() {
        build.shutdownNow();
    }

    /** Another application's session that holds a lock in an open transaction, as a report or a forgotten psql would. */
    private record Holder(Connection connection, int pid) implements AutoCloseable {
        static Holder hold(TestDatabase db) throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", db.user());
            if (db.password() != null) {
                props.setProperty("password", db.password());
            }
            props.setProperty("ApplicationName", HOLDER_APPLICATION);
            Connection connection = new org.postgresql.Driver().connect(db.url(), props);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(HOLD);
            }
            // its last query stays the LOCK: the pid comes from the driver, not from another query
            return new Holder(connection, connection.unwrap(PGConnection.class).getBackendPID());
        }

        void commit() throws SQLException {
            if (!connection.isClosed()) {
                connection.commit();
                connection.close();
            }
        }

        @Override
        public void close() throws SQLException {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.close();
            }
        }
    }

    /** V1 builds {@code t}; V2 creates a table, then alters {@code t} — the statement that waits. U2 undoes V2 in the other order. */
    private Migrations migrations() {
        return new Migrations(dir.resolve("db"))
                .file("V1__t.sql", "CREATE TABLE t (id int);\n")
                .file("V2__add_name.sql", "CREATE TABLE before_lock (id int);\n-- waits for the lock on t\nALTER TABLE t ADD COLUMN name text;\n")
                .file("U2__add_name.sql", "ALTER TABLE t DROP COLUMN name;\nDROP TABLE before_lock;\n");
    }

    /** The database as the goal finds it: at version 1 for an upgrade, at version 2 for the downgrade. */
    private Migrations prepared(TestDatabase db, Goal goal) {
        Migrations migrations = migrations();
        new SchemaEngine(io.schemaguard.output.Log.silent()).upgrade(migrations.settings(db, goal == Goal.DOWNGRADE ? null : "1", GuardMode.VERIFY));
        return migrations;
    }

    private static MigrationSettings settings(TestDatabase db, Migrations migrations, Goal goal, LockSettings locks) {
        MigrationSettings settings = switch (goal) {
            case GUARDED_UPGRADE, DOWNGRADE -> migrations.settings(db);
            case UPGRADE_GUARD_OFF -> migrations.settings(db, null, GuardMode.OFF);
            case DRY_RUN -> migrations.dryRunSettings(db);
        };
        return settings.withLocks(locks);
    }

    private Future<Object> start(Goal goal, MigrationSettings settings) {
        SchemaEngine engine = new SchemaEngine(log);
        return build.submit(() -> goal == Goal.DOWNGRADE ? engine.downgrade(settings, DowngradeTarget.of("1", null)) : engine.upgrade(settings));
    }

    /** Waits for a log line; fails (rather than hang) when the goal ended or nothing came within the patience. */
    private String awaitLine(Future<?> goal, Predicate<String> wanted) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            List<String> found = log.lines().stream().filter(wanted).toList();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (goal.isDone()) {
                goal.get();
                fail("the goal ended without the expected line; it logged: " + log.lines());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such line within " + PATIENCE.toSeconds() + " s; logged: " + log.lines());
    }

    private static Object finish(Future<Object> goal) throws Exception {
        return goal.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "'" + part + "' in: " + text);
        }
    }

    private static List<String> history(TestDatabase db) throws Exception {
        return db.column("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
    }

    private static boolean nameColumnExists(TestDatabase db) throws Exception {
        return "1".equals(db.single("SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'name'"));
    }

    /** What the database holds after the goal ran to its end: V2 applied, or (dry run) nothing changed, or V2 undone. */
    private static void assertGoalDone(TestDatabase db, Goal goal) throws Exception {
        boolean upgraded = goal == Goal.GUARDED_UPGRADE || goal == Goal.UPGRADE_GUARD_OFF;
        assertEquals(upgraded ? List.of("1", "2") : List.of("1"), history(db));
        assertEquals(upgraded, nameColumnExists(db), "column t.name");
        assertEquals(upgraded, db.tableExists("public.before_lock"), "table before_lock");
    }

    /** What the database holds when the goal failed: as it was before. */
    private static void assertNothingChanged(TestDatabase db, Goal goal) throws Exception {
        boolean wasUpgraded = goal == Goal.DOWNGRADE;
        assertEquals(wasUpgraded ? List.of("1", "2") : List.of("1"), history(db), "history unchanged");
        assertEquals(wasUpgraded, nameColumnExists(db), "column t.name as before");
        assertEquals(wasUpgraded, db.tableExists("public.before_lock"), "table before_lock as before");
    }

    @ParameterizedTest
    @EnumSource(Goal.class)
    void aWaitingStatementSaysWhoHoldsTheLockAndGoesOnOnceItIsReleased(Goal goal, TestDatabase db) throws Exception {
        Migrations migrations = prepared(db, goal);
        try (Holder holder = Holder.hold(db)) {
            Future<Object> running = start(goal, settings(db, migrations, goal, LockSettings.DEFAULT.withReportInterval(Duration.ofMillis(200))));

            String report = awaitLine(running, line -> line.contains("blocked by pid " + holder.pid()));

            assertFalse(running.isDone(), "the statement still waits");
            assertContains(report, "application '" + HOLDER_APPLICATION + "'", "idle in transaction", "transaction open since",
                    ": " + HOLD, goal == Goal.DOWNGRADE ? "ALTER TABLE t DROP COLUMN name" : "ALTER TABLE t ADD COLUMN name text");
            holder.commit();
            finish(running);
        }
        assertGoalDone(db, goal);
    }

    @ParameterizedTest
    @EnumSource(Goal.class)
    void aStatementThatGivesUpWaitingIsRetriedThenFailsNamingTheHolder(Goal goal, TestDatabase db) throws Exception {
        Migrations migrations = prepared(db, goal);
        LockSettings locks = new LockSettings(Duration.ofSeconds(1), 1, LockSettings.REPORT_INTERVAL, Duration.ofMillis(200));
        ExecutionException failed;
        int holderPid;
        try (Holder holder = Holder.hold(db)) {
            holderPid = holder.pid();
            Future<Object> running = start(goal, settings(db, migrations, goal, locks));
            failed = assertThrows(ExecutionException.class, () -> finish(running));
        }

        SchemaFailure failure = assertInstanceOf(SchemaFailure.class, failed.getCause());
        assertContains(failure.getMessage(), goal == Goal.DOWNGRADE ? "U2__add_name.sql" : "V2__add_name.sql", "SQLSTATE 55P03",
                "lockTimeout 1s", "2 times", "held by pid " + holderPid, "application '" + HOLDER_APPLICATION + "'", ": " + HOLD,
                "pg_terminate_backend(" + holderPid + ")", "-Dschema.lockTimeout");
        assertEquals(1, log.lines().stream().filter(l -> l.contains("running it again")).count(), "one retry: " + log.lines());
        assertNothingChanged(db, goal);
    }

    @ParameterizedTest
    @EnumSource(Goal.class)
    void aLockReleasedDuringThePauseLetsTheRetrySucceed(Goal goal, TestDatabase db) throws Exception {
        Migrations migrations = prepared(db, goal);
        LockSettings locks = new LockSettings(Duration.ofSeconds(1), 2, LockSettings.REPORT_INTERVAL, Duration.ofSeconds(2));
        try (Holder holder = Holder.hold(db)) {
            Future<Object> running = start(goal, settings(db, migrations, goal, locks));

            String retry = awaitLine(running, line -> line.contains("running it again"));

            assertContains(retry, "held by pid " + holder.pid(), "retry 1 of 2");
            holder.commit();
            finish(running);
        }
        assertGoalDone(db, goal);
    }

    @Test
    void theMigrationsCommittedBeforeARetryAreReportedWithTheRetriedOne(TestDatabase db) throws Exception {
        Migrations migrations = prepared(db, Goal.GUARDED_UPGRADE).file("V2__add_name.sql", "CREATE TABLE before_lock (id int);\n")
                .file("V3__alter_t.sql", "ALTER TABLE t ADD COLUMN name text;\n");
        LockSettings locks = new LockSettings(Duration.ofSeconds(1), 2, LockSettings.REPORT_INTERVAL, Duration.ofSeconds(2));
        UpgradeReport report;
        try (Holder holder = Holder.hold(db)) {
            Future<Object> running = start(Goal.GUARDED_UPGRADE, settings(db, migrations, Goal.GUARDED_UPGRADE, locks));
            awaitLine(running, line -> line.contains("running it again"));
            holder.commit();
            report = (UpgradeReport) finish(running);
        }

        assertEquals(List.of("V2__add_name.sql", "V3__alter_t.sql"), report.outcomes().stream().map(MigrationOutcome::script).toList());
        assertEquals("3", report.versionAfter());
        assertEquals(List.of("1", "2", "3"), history(db));
    }

    @Test
    void aMigrationOutsideATransactionIsNotRetriedAndTheFailureSaysWhatItLeft(TestDatabase db) throws Exception {
        Migrations migrations = prepared(db, Goal.GUARDED_UPGRADE).file("V2__add_name.sql", "CREATE INDEX CONCURRENTLY idx_t ON t (id);\n");
        LockSettings locks = new LockSettings(Duration.ofSeconds(1), 2, LockSettings.REPORT_INTERVAL, Duration.ofMillis(200));
        ExecutionException failed;
        int holderPid;
        try (Holder holder = Holder.hold(db)) {
            holderPid = holder.pid();
            Future<Object> running = start(Goal.GUARDED_UPGRADE, settings(db, migrations, Goal.GUARDED_UPGRADE, locks));
            failed = assertThrows(ExecutionException.class, () -> finish(running));
        }

        SchemaFailure failure = assertInstanceOf(SchemaFailure.class, failed.getCause());
        assertContains(failure.getMessage(), "V2__add_name.sql", "SQLSTATE 55P03", "held by pid " + holderPid, "ran outside a transaction",
                "recorded it as failed", "delete its history row");
        assertFalse(failure.getMessage().contains("no history row was written"), failure.getMessage());
        assertEquals(List.of(), log.lines().stream().filter(l -> l.contains("running it again")).toList(), "not retried");
        assertEquals(List.of("1 true", "2 false"), db.column("SELECT version || ' ' || success FROM flyway_schema_history ORDER BY installed_rank"));
    }
}
