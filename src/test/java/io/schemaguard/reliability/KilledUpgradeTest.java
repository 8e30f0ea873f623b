package io.schemaguard.reliability;

import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.MigrationState;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.output.Log;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.testing.Backends;
import io.schemaguard.testing.Gate;
import io.schemaguard.testing.GoalProcess;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProbeLeftovers;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A build killed (SIGKILL) in the middle of a migration: the upgrade runs in a child JVM that
 * stops on a lock the test holds at a chosen point, and is killed there. The database must hold
 * nothing of the interrupted migration, and the next upgrade must finish cleanly.
 */
@ExtendWith(PostgresExtension.class)
class KilledUpgradeTest {
    private static final String V1 = """
            CREATE TABLE gate (id integer PRIMARY KEY);
            CREATE TABLE users (id uuid PRIMARY KEY, email varchar(255) NOT NULL);
            """;

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations atV1(TestDatabase db, String v2) {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__base.sql", V1).file("V2__interrupted.sql", v2);
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        return migrations;
    }

    private static List<String> appliedVersions(TestDatabase db) throws Exception {
        return db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static MigrationOutcome.Kind outcomeOfV2(UpgradeReport report) {
        return report.outcomes().stream().filter(o -> "2".equals(o.version())).findFirst().orElseThrow().kind();
    }

    @Test
    void killedBetweenStatementsLeavesNothingOfTheMigration(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, """
                CREATE TABLE orders (id bigint PRIMARY KEY, user_id uuid REFERENCES users (id));
                CREATE INDEX idx_orders_user ON orders (user_id);
                SELECT count(*) FROM gate;
                CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
                """);
        GoalProcess build;
        int backend;
        try (Gate gate = Gate.hold(db, "LOCK TABLE gate IN ACCESS EXCLUSIVE MODE")) {
            build = GoalProcess.start("upgrade", db, migrations, dir.resolve("child"));
            backend = gate.awaitBlockedBackend();
            assertEquals("SELECT count(*) FROM gate", db.single("SELECT query FROM pg_stat_activity WHERE pid = " + backend).strip(),
                    "statements 1 and 2 had run when the build was killed");
            build.kill();
            gate.open();
        }
        Backends.awaitGone(db, backend);

        assertNull(db.single("SELECT to_regclass('public.orders')"), "no partial table");
        assertNull(db.single("SELECT to_regclass('public.idx_orders_user')"), "no partial index");
        assertEquals(List.of("1"), appliedVersions(db));
        ProbeLeftovers.assertNone(db);

        UpgradeReport next = engine.upgrade(migrations.settings(db));
        assertEquals(MigrationOutcome.Kind.APPLIED, outcomeOfV2(next));
        assertEquals(List.of("1", "2"), appliedVersions(db));
        assertNotNull(db.single("SELECT to_regclass('public.order_lines')"));
    }

    @Test
    void killedDuringAProbeLeavesTheIncumbentAsItWasAndNoProbeObjects(TestDatabase db) throws Exception {
        String child = "CREATE TABLE child (id integer PRIMARY KEY, gate_id integer REFERENCES gate (id));\n";
        Migrations migrations = atV1(db, child + "CREATE TABLE after_probe (id integer);\n");
        db.execute(child);
        String definitionBefore = childDefinition(db);
        GoalProcess build;
        int backend;
        // The collision (42P07) comes before the foreign key is resolved; the probe's candidate then needs the gate.
        try (Gate gate = Gate.hold(db, "LOCK TABLE gate IN ACCESS EXCLUSIVE MODE")) {
            build = GoalProcess.start("upgrade", db, migrations, dir.resolve("child"));
            backend = gate.awaitBlockedBackend();
            assertNotNull(db.single("SELECT 1 FROM pg_locks WHERE pid = " + backend + " AND granted AND mode = 'AccessExclusiveLock'"
                    + " AND relation = 'public.child'::regclass"), "the probe had moved the incumbent aside when killed");
            build.kill();
            gate.open();
        }
        Backends.awaitGone(db, backend);

        ProbeLeftovers.assertNone(db);
        assertEquals(definitionBefore, childDefinition(db), "the incumbent is back, unchanged, in its schema");
        assertNull(db.single("SELECT to_regclass('public.after_probe')"));
        assertEquals(List.of("1"), appliedVersions(db));

        UpgradeReport next = engine.upgrade(migrations.settings(db));
        assertEquals(MigrationOutcome.Kind.COMPLETED, outcomeOfV2(next));
        ProbeLeftovers.assertNone(db);
    }

    /**
     * SPEC §11 warns that Flyway commits a migration and then writes its history row on another
     * connection. With the session lock this plugin uses, Flyway runs on one connection and writes
     * the row inside the migration's own transaction: there is no such gap, and a build killed
     * while the row is being written leaves nothing of the migration.
     */
    @Test
    void killedWhileItsHistoryRowIsWrittenLeavesNothingBecauseRowAndMigrationShareTheTransaction(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, "CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);\n"
                + "CREATE INDEX idx_invoices_total ON invoices (total);\n");
        GoalProcess build;
        int backend;
        try (Gate gate = Gate.hold(db, "LOCK TABLE flyway_schema_history IN SHARE MODE")) {
            build = GoalProcess.start("upgrade", db, migrations, dir.resolve("child"));
            backend = gate.awaitBlockedBackend();
            assertEquals("INSERT INTO \"public\".\"flyway_schema_history\"", db.single(
                    "SELECT substr(query, 1, 44) FROM pg_stat_activity WHERE pid = " + backend), "killed while writing the history row");
            assertEquals("t", db.single("SELECT xact_start < query_start FROM pg_stat_activity WHERE pid = " + backend),
                    "in a transaction begun before it: the migration's");
            build.kill();
            gate.open();
        }
        Backends.awaitGone(db, backend);

        assertEquals(List.of("1"), appliedVersions(db), "no history row for V2");
        assertNull(db.single("SELECT to_regclass('public.invoices')"), "and nothing of its objects");

        UpgradeReport next = engine.upgrade(migrations.settings(db));
        assertEquals(MigrationOutcome.Kind.APPLIED, outcomeOfV2(next));
        assertEquals(List.of("1", "2"), appliedVersions(db));
        assertEquals(MigrationState.APPLIED, engine.history(migrations.settings(db)).entries().get(1).state());
    }

    /** Heavy: killed while the audit row of an adopted table is written, inside the migration's transaction. */
    @Test
    @EnabledIfSystemProperty(named = "schema.test.heavy", matches = "true")
    void killedWhileWritingTheAuditRowLeavesNeitherRowNorMigration(TestDatabase db) throws Exception {
        String invoices = "CREATE TABLE invoices (id bigint PRIMARY KEY);\n";
        Migrations migrations = atV1(db, invoices + "CREATE TABLE invoice_lines (id bigint PRIMARY KEY);\n");
        db.execute(invoices + "CREATE TABLE flyway_schema_history_audit (id bigserial PRIMARY KEY, version varchar(50),"
                + " script varchar(1000) NOT NULL, statement_number integer, object text, decision varchar(20) NOT NULL, detail text,"
                + " recorded_on timestamp NOT NULL DEFAULT now(), recorded_by varchar(100) NOT NULL DEFAULT current_user)");
        GoalProcess build;
        int backend;
        try (Gate gate = Gate.hold(db, "LOCK TABLE flyway_schema_history_audit IN SHARE MODE")) {
            build = GoalProcess.start("upgrade", db, migrations, dir.resolve("child"));
            backend = gate.awaitBlockedBackend();
            build.kill();
            gate.open();
        }
        Backends.awaitGone(db, backend);

        assertEquals("0", db.single("SELECT count(*) FROM flyway_schema_history_audit"));
        assertNull(db.single("SELECT to_regclass('public.invoice_lines')"));
        assertEquals(List.of("1"), appliedVersions(db));
        ProbeLeftovers.assertNone(db);
        assertEquals(MigrationOutcome.Kind.COMPLETED, outcomeOfV2(engine.upgrade(migrations.settings(db))));
    }

    /**
     * Heavy: killed while CREATE INDEX CONCURRENTLY waits for a writer. The server goes on with the
     * statement (it runs outside a transaction) and finishes a valid index; the next upgrade adopts it.
     */
    @Test
    @EnabledIfSystemProperty(named = "schema.test.heavy", matches = "true")
    void killedDuringAConcurrentIndexBuildIsAdoptedOnceTheServerFinishesIt(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, "CREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n");
        GoalProcess build;
        int backend;
        try (Gate writer = Gate.hold(db, "INSERT INTO users VALUES (gen_random_uuid(), 'pending@example.com')")) {
            build = GoalProcess.start("upgrade", db, migrations, dir.resolve("child"));
            backend = writer.awaitBlockedBackend();
            build.kill();
            writer.openRollingBack();
        }
        Backends.awaitGone(db, backend);

        assertEquals("t", db.single("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.idx_users_email'::regclass"));
        assertEquals(List.of("1"), appliedVersions(db));
        assertEquals(MigrationOutcome.Kind.ADOPTED, outcomeOfV2(engine.upgrade(migrations.settings(db))));
    }

    private static String childDefinition(TestDatabase db) throws Exception {
        return db.single("""
                SELECT n.nspname || ':' || string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                       || ' | ' || (SELECT string_agg(pg_get_constraintdef(c.oid), ', ' ORDER BY c.conname) FROM pg_constraint c
                                    WHERE c.conrelid = t.oid)
                FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_attribute a ON a.attrelid = t.oid
                WHERE t.relname = 'child' AND a.attnum > 0 AND NOT a.attisdropped GROUP BY n.nspname, t.oid""");
    }
}
