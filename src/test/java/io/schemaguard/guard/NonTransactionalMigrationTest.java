package io.schemaguard.guard;

import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.LockSettings;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProbeLeftovers;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A migration that runs outside a transaction (CREATE INDEX CONCURRENTLY) cannot be rolled back: the guard tells what stays. */
@ExtendWith(PostgresExtension.class)
class NonTransactionalMigrationTest {
    private static final String INDEXES = "CREATE INDEX CONCURRENTLY i1 ON t (a);\nCREATE INDEX CONCURRENTLY i2 ON t (b);\n";

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    /** V1 applied (table t), then {@code handMade} run by hand; V2 holds {@code v2}. */
    private Migrations atV1With(TestDatabase db, String v2, String handMade) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__t.sql", "CREATE TABLE t (a int, b int);\n")
                .file("V2__indexes.sql", v2);
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        if (!handMade.isEmpty()) {
            db.execute(handMade);
        }
        return migrations;
    }

    private static List<String> history(TestDatabase db) throws Exception {
        return db.column("SELECT version || ' ' || success FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static String indexDefinition(TestDatabase db, String name) throws Exception {
        return db.single("SELECT pg_get_indexdef(to_regclass('public." + name + "'))");
    }

    private static MigrationOutcome v2(UpgradeReport report) {
        return report.outcomes().stream().filter(o -> "2".equals(o.version())).findFirst().orElseThrow();
    }

    @Test
    void aDifferentIndexIsRefusedBeforeAnyStatementRan(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, INDEXES, "CREATE INDEX i2 ON t (a)");

        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(db)));

        String message = refusal.getMessage();
        assertTrue(message.startsWith("V2__indexes.sql, statement 2 (line 2): index i2 on public.t already exists and differs from"
                + " what this statement builds:"), message);
        assertTrue(message.contains("Nothing of V2 was applied: it runs outside a transaction, so every statement whose object already"
                + " exists was judged before the first one ran."), message);
        assertNull(db.single("SELECT to_regclass('public.i1')"), "statement 1 never ran");
        assertEquals("CREATE INDEX i2 ON public.t USING btree (a)", indexDefinition(db, "i2"), "the incumbent is untouched");
        assertEquals(List.of("1 true"), history(db), "no history row, not even a failed one");
        assertTrue(!db.tableExists("public.flyway_schema_history_audit")
                || db.column("SELECT decision FROM flyway_schema_history_audit WHERE version = '2'").isEmpty(), "no audit row");
        ProbeLeftovers.assertNone(db);

        db.execute("DROP INDEX i2");
        assertEquals(MigrationOutcome.Kind.APPLIED, v2(engine.upgrade(migrations.settings(db))).kind());
        assertEquals("CREATE INDEX i2 ON public.t USING btree (b)", indexDefinition(db, "i2"));
    }

    @Test
    void identicalIndexesAreAdoptedAsBefore(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, INDEXES, "CREATE INDEX i1 ON t (a); CREATE INDEX i2 ON t (b)");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.ADOPTED, v2(report).kind());
        assertEquals(2, v2(report).skipped().size());
        assertEquals(List.of("1 true", "2 true"), history(db));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void anIdenticalFirstIndexIsSkippedAndTheMissingSecondBuilt(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, INDEXES, "CREATE INDEX i1 ON t (a)");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.COMPLETED, v2(report).kind());
        assertEquals("CREATE INDEX i2 ON public.t USING btree (b)", indexDefinition(db, "i2"));
    }

    @Test
    void aStatementFailingAfterAnEarlierOneRanSaysWhatRanAndTheFixedMigrationResumes(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, INDEXES.replace("(b)", "(missing)"), "");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        String message = failure.getMessage();
        assertTrue(message.startsWith("V2__indexes.sql, line 2: the statement failed (SQLSTATE 42703):"), message);
        assertTrue(message.contains("\n  statement: CREATE INDEX CONCURRENTLY i2 ON t (missing)"), message);
        assertTrue(message.contains("\nV2 runs outside a transaction: what ran before statement 2 stays (nothing rolls it back).\n"
                + "  ran: statement 1 (line 1): CREATE INDEX CONCURRENTLY i1 ON t (a)\n"
                + "  in the database now: index i1 on public.t\n"
                + "No history row was written for V2: it is still pending, and the next upgrade runs it again from its first"
                + " statement, adopting what is already there and identical. Fix the statement and run the upgrade again."), message);
        assertFalse(message.contains("Nothing of"), message);
        assertFalse(message.contains("delete its history row"), message);
        assertEquals("CREATE INDEX i1 ON public.t USING btree (a)", indexDefinition(db, "i1"), "statement 1 ran and stays");
        assertEquals(List.of("1 true"), history(db), "no failed row: the next upgrade can run V2 again");

        migrations.file("V2__indexes.sql", INDEXES);
        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.COMPLETED, v2(report).kind());
        assertEquals(List.of("statement 1: index i1 on public.t already exists and is identical"), v2(report).skipped());
        assertEquals("CREATE INDEX i2 ON public.t USING btree (b)", indexDefinition(db, "i2"));
        assertEquals(List.of("1 true", "2 true"), history(db));
    }

    @Test
    void aUniqueIndexFailingOnTheDataAfterAnEarlierOneRanNamesTheInvalidIndexItLeftAndTheNextRunRebuildsIt(TestDatabase db)
            throws Exception {
        String unique = INDEXES.replace("CREATE INDEX CONCURRENTLY i2", "CREATE UNIQUE INDEX CONCURRENTLY i2");
        Migrations migrations = atV1With(db, unique, "INSERT INTO t VALUES (1, 7), (2, 7)");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        String message = failure.getMessage();
        assertTrue(message.startsWith("V2__indexes.sql, line 2: the statement failed (SQLSTATE 23505):"), message);
        assertTrue(message.contains("\n  in the database now: index i1 on public.t, index i2, INVALID (left by the failed build of"
                + " statement 2: the next upgrade drops and builds it)\n"), message);
        assertEquals(List.of("1 true"), history(db));

        db.execute("DELETE FROM t WHERE a = 2");
        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.COMPLETED, v2(report).kind());
        assertEquals("t", db.single("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.i2'::regclass"));
        assertEquals(List.of("1 true", "2 true"), history(db));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void aLockTimeoutAfterAnEarlierStatementRanIsNotRetriedAndSaysWhatRan(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "CREATE INDEX CONCURRENTLY i1 ON t (a);\nCREATE INDEX CONCURRENTLY iu ON u (c);\n",
                "CREATE TABLE u (c int)");
        RecordingLog log = new RecordingLog();
        LockSettings locks = new LockSettings(Duration.ofSeconds(1), 2, LockSettings.REPORT_INTERVAL, Duration.ofMillis(200));
        SchemaFailure failure;
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE u IN SHARE UPDATE EXCLUSIVE MODE");
            }
            failure = assertThrows(SchemaFailure.class, () -> new SchemaEngine(log).upgrade(migrations.settings(db).withLocks(locks)));
            holder.rollback();
        }

        String message = failure.getMessage();
        assertTrue(message.startsWith("V2__indexes.sql, line 2: the statement failed (SQLSTATE 55P03):"), message);
        assertTrue(message.contains("  ran: statement 1 (line 1): CREATE INDEX CONCURRENTLY i1 ON t (a)\n"), message);
        assertTrue(message.contains("No history row was written for V2"), message);
        assertTrue(message.contains("The statement gave up waiting for a lock"), message);
        assertFalse(message.contains("Fix the statement"), message);
        assertEquals(List.of(), log.lines().stream().filter(l -> l.contains("running it again")).toList(), "not retried");
        assertEquals(List.of("1 true"), history(db));

        assertEquals(MigrationOutcome.Kind.COMPLETED, v2(engine.upgrade(migrations.settings(db))).kind());
        assertEquals(List.of("1 true", "2 true"), history(db));
    }

    @Test
    void aCollisionSeenOnlyWhenItsStatementRunsNamesWhatRanBeforeIt(TestDatabase db) throws Exception {
        // the DROP may remove what a later statement collides with: statements after it are judged as they run
        Migrations migrations = atV1With(db, "DROP INDEX CONCURRENTLY IF EXISTS old_i;\nCREATE INDEX CONCURRENTLY i2 ON t (b);\n",
                "CREATE INDEX old_i ON t (a); CREATE INDEX i2 ON t (a)");

        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(db)));

        String message = refusal.getMessage();
        assertTrue(message.startsWith("V2__indexes.sql, statement 2 (line 2): index i2 on public.t already exists and differs"), message);
        assertTrue(message.contains("\nV2 runs outside a transaction: what ran before statement 2 stays (nothing rolls it back).\n"
                + "  ran: statement 1 (line 1): DROP INDEX CONCURRENTLY IF EXISTS old_i\n"
                + "No history row was written for V2"), message);
        assertTrue(message.contains("Reconcile the index"), message);
        assertFalse(message.contains("Nothing of"), message);
        assertNull(db.single("SELECT to_regclass('public.old_i')"), "statement 1 ran");
        assertEquals(List.of("1 true"), history(db));
        ProbeLeftovers.assertNone(db);

        db.execute("DROP INDEX i2");
        assertEquals(MigrationOutcome.Kind.APPLIED, v2(engine.upgrade(migrations.settings(db))).kind());
        assertEquals(List.of("1 true", "2 true"), history(db));
    }
}
