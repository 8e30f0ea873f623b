package io.schemaguard.engine;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.DowngradeTarget;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(PostgresExtension.class)
class DowngradeTest {
    private static final String ORDERS = """
            CREATE TABLE orders (id bigint PRIMARY KEY, user_id uuid NOT NULL REFERENCES users (id));
            CREATE INDEX idx_orders_user ON orders (user_id);
            """;

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    /** Three migrations, each with its undo script. */
    private Migrations threeWithUndo() {
        return new Migrations(dir.resolve("db"))
                .file("V1__users.sql", "CREATE TABLE users (id uuid PRIMARY KEY, email varchar(255) NOT NULL UNIQUE);\n")
                .file("V2__orders.sql", ORDERS)
                .file("V3__notes.sql", "CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n")
                .file("U1__users.sql", "DROP TABLE users;\n")
                .file("U2__orders.sql", "DROP INDEX idx_orders_user;\nDROP TABLE orders;\n")
                .file("U3__notes.sql", "DROP TABLE notes;\n");
    }

    private Migrations upgraded(TestDatabase db) {
        Migrations migrations = threeWithUndo();
        engine.upgrade(migrations.settings(db));
        return migrations;
    }

    private static List<String> history(TestDatabase db) throws Exception {
        return db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static List<String> tables(TestDatabase db) throws Exception {
        return db.column("SELECT relname::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i')"
                + " AND relname NOT LIKE 'flyway%' ORDER BY 1");
    }

    @Test
    void aTargetUndoesEveryMigrationAboveItNewestFirstAndUpgradeAppliesThemAgain(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);

        DowngradeReport report = engine.downgrade(migrations.settings(db), DowngradeTarget.toVersion("1"));

        assertEquals("3", report.versionBefore());
        assertEquals("1", report.versionAfter());
        assertEquals(List.of("V3__notes.sql by U3__notes.sql", "V2__orders.sql by U2__orders.sql"),
                report.outcomes().stream().map(o -> o.script() + " by " + o.undoScript()).toList());
        assertEquals(List.of("users", "users_email_key", "users_pkey"), tables(db));
        assertEquals(List.of("1"), history(db));
        assertEquals(List.of("3 undone by U3__notes.sql: 1 statement(s) run, 0 skipped (already gone)",
                        "2 undone by U2__orders.sql: 2 statement(s) run, 0 skipped (already gone)"),
                db.column("SELECT version || ' ' || decision || ' ' || detail FROM flyway_schema_history_audit ORDER BY id"));
        HistoryReport history = engine.history(migrations.settings(db));
        assertEquals("1", history.current().orElseThrow().version());
        assertEquals(List.of(MigrationState.APPLIED, MigrationState.PENDING, MigrationState.PENDING),
                history.entries().stream().map(HistoryEntry::state).toList());

        UpgradeReport again = engine.upgrade(migrations.settings(db));

        assertEquals("3", again.versionAfter());
        assertEquals(List.of(MigrationOutcome.Kind.APPLIED, MigrationOutcome.Kind.APPLIED),
                again.outcomes().stream().map(MigrationOutcome::kind).toList());
        assertTrue(db.tableExists("public.notes") && db.tableExists("public.orders"));
        assertEquals(List.of(MigrationState.APPLIED, MigrationState.APPLIED, MigrationState.APPLIED),
                engine.history(migrations.settings(db)).entries().stream().map(HistoryEntry::state).toList(),
                "an undone migration applied again is applied, not undone");
    }

    @Test
    void stepsUndoTheNewestMigrations(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);

        DowngradeReport report = engine.downgrade(migrations.settings(db), DowngradeTarget.steps(1));

        assertEquals("2", report.versionAfter());
        assertEquals(List.of("3"), report.outcomes().stream().map(UndoOutcome::version).toList());
        assertFalse(db.tableExists("public.notes"));
        assertTrue(db.tableExists("public.orders"));
        assertEquals(List.of("1", "2"), history(db));
    }

    @Test
    void aStatementWhoseObjectIsAlreadyGoneIsSkippedLoggedAndAudited(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);
        db.execute("DROP TABLE orders"); // by hand, with its index
        RecordingLog log = new RecordingLog();

        DowngradeReport report = new SchemaEngine(log).downgrade(migrations.settings(db), DowngradeTarget.toVersion("1"));

        UndoOutcome v2 = report.outcomes().get(1);
        assertEquals(List.of("statement 1 (line 1): already gone (SQLSTATE 42704: index \"idx_orders_user\" does not exist)",
                "statement 2 (line 2): already gone (SQLSTATE 42P01: table \"orders\" does not exist)"), v2.skipped());
        assertTrue(log.lines().contains("U2__orders.sql, statement 1 (line 1): already gone (SQLSTATE 42704: index \"idx_orders_user\""
                + " does not exist): skipped"), log.lines().toString());
        assertTrue(log.lines().contains("U2__orders.sql, statement 2 (line 2): already gone (SQLSTATE 42P01: table \"orders\""
                + " does not exist): skipped"), log.lines().toString());
        assertEquals(List.of("1"), history(db), "the history row is removed all the same");
        assertEquals(List.of("U2__orders.sql 1 skipped", "U2__orders.sql 2 skipped", "V2__orders.sql - undone"),
                db.column("SELECT script || ' ' || coalesce(statement_number::text, '-') || ' ' || decision"
                        + " FROM flyway_schema_history_audit WHERE version = '2' ORDER BY id"));
    }

    @Test
    void aMissingUndoScriptIsRefusedBeforeAnythingIsTouched(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);
        migrations.dir().resolve("U2__orders.sql").toFile().delete();
        List<String> before = tables(db);

        SchemaFailure failure = assertThrows(SchemaFailure.class,
                () -> engine.downgrade(migrations.settings(db), DowngradeTarget.toVersion("1")));

        assertTrue(failure.getMessage().startsWith("Cannot downgrade from version 3 to version 1: 1 undo script(s) missing:\n"
                + "  V2__orders.sql needs U2__orders.sql\nNothing was changed."), failure.getMessage());
        assertEquals(before, tables(db), "not even V3, whose undo script exists, was undone");
        assertEquals(List.of("1", "2", "3"), history(db));
        assertFalse(db.tableExists("public.flyway_schema_history_audit"));
    }

    @Test
    void aFailingUndoRollsBackItsStepAndKeepsTheStepsBeforeIt(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);
        // statement 2 fails: orders still references users (SQLSTATE 2BP01, not an object already gone)
        migrations.file("U2__orders.sql", "DROP INDEX idx_orders_user;\nDROP TABLE users;\nDROP TABLE orders;\n");

        DowngradeFailure failure = assertThrows(DowngradeFailure.class,
                () -> engine.downgrade(migrations.settings(db), DowngradeTarget.toVersion("0")));

        String message = failure.getMessage();
        assertTrue(message.startsWith("U2__orders.sql, statement 2 (line 2): the statement failed (SQLSTATE 2BP01): ERROR: cannot drop table"
                + " users because other objects depend on it"), message);
        assertTrue(message.contains("\n  statement: DROP TABLE users\n"), message);
        assertTrue(message.contains("\nV2__orders.sql was not undone: its undo script was rolled back and its history row kept.\n"
                + "Undone before it: V3__notes.sql (by U3__notes.sql); the database is now at version 2.\n"
                + "Fix U2__orders.sql (or the database) and run the downgrade again: mvn schema:downgrade -Dschema.target=0"), message);
        assertEquals(List.of("3"), failure.completed().outcomes().stream().map(UndoOutcome::version).toList());
        assertEquals("2", failure.completed().versionAfter());
        assertFalse(db.tableExists("public.notes"), "V3 stays undone");
        assertNotNull(db.single("SELECT to_regclass('public.idx_orders_user')"), "the index dropped by statement 1 is back");
        assertTrue(db.tableExists("public.users"));
        assertEquals(List.of("1", "2"), history(db));
        assertEquals(List.of("3 undone"), db.column("SELECT version || ' ' || decision FROM flyway_schema_history_audit ORDER BY id"));
    }

    @Test
    void aDryRunReportsWhatWouldBeUndoneAndChangesNothing(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);
        List<String> before = tables(db);

        DowngradeReport report = engine.downgrade(migrations.dryRunSettings(db), DowngradeTarget.toVersion("1"));

        assertTrue(report.dryRun());
        assertEquals("1", report.versionAfter());
        assertEquals(List.of("3", "2"), report.outcomes().stream().map(UndoOutcome::version).toList());
        assertEquals(before, tables(db));
        assertEquals(List.of("1", "2", "3"), history(db));
        assertFalse(db.tableExists("public.flyway_schema_history_audit"));
    }

    @Test
    void targetsADowngradeCannotReachAreRefusedAndChangeNothing(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);
        List<String> before = tables(db);

        assertRefused(migrations, db, DowngradeTarget.toVersion("abc"), "The target 'abc' is not a migration version");
        assertRefused(migrations, db, DowngradeTarget.toVersion("4"),
                "The target version 4 is above the current version 3: a downgrade only goes down");
        assertRefused(migrations, db, DowngradeTarget.toVersion("1.5"),
                "The target version 1.5 was never applied to this database. Applied versions: 1, 2, 3.");
        assertRefused(migrations, db, DowngradeTarget.steps(4), "steps=4, but only 3 versioned migration(s) are applied");
        DowngradeReport nothing = engine.downgrade(migrations.settings(db), DowngradeTarget.toVersion("3.0"));
        assertEquals(List.of(), nothing.outcomes());
        assertEquals("3", nothing.versionAfter());

        assertEquals(before, tables(db));
        assertEquals(List.of("1", "2", "3"), history(db));
    }

    private void assertRefused(Migrations migrations, TestDatabase db, DowngradeTarget target, String expectedStart) {
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.downgrade(migrations.settings(db), target));
        assertTrue(failure.getMessage().startsWith(expectedStart), failure.getMessage());
    }

    @Test
    void aTargetIsEitherAVersionOrStepsAndStepsAreAtLeastOne() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DowngradeTarget.of(null, null)).getMessage()
                .contains("-Dschema.target=<version>"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DowngradeTarget.of("2", "1")).getMessage()
                .startsWith("Set either target (2) or steps (1)"));
        assertEquals("steps must be 1 or more, not 0.", assertThrows(IllegalArgumentException.class,
                () -> DowngradeTarget.of(null, "0")).getMessage());
        assertEquals("steps must be a whole number of 1 or more, not 'two'.", assertThrows(IllegalArgumentException.class,
                () -> DowngradeTarget.of(null, "two")).getMessage());
        assertEquals(new DowngradeTarget(null, 2), DowngradeTarget.of(" ", "2"));
    }

    @Test
    void withGuardOffAStatementWhoseObjectIsGoneFailsItsStep(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);
        db.execute("DROP TABLE orders");

        DowngradeFailure failure = assertThrows(DowngradeFailure.class,
                () -> engine.downgrade(migrations.settings(db, null, GuardMode.OFF), DowngradeTarget.toVersion("1")));

        assertTrue(failure.getMessage().startsWith("U2__orders.sql, statement 1 (line 1): the statement failed (SQLSTATE 42704)"),
                failure.getMessage());
        assertEquals(List.of("1", "2"), history(db));
    }

    @Test
    void undoScriptsGetPlaceholdersAndDollarQuotesAsMigrationsDo(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__gadgets.sql", """
                        CREATE TABLE ${table} (id int);
                        CREATE FUNCTION count_gadgets() RETURNS bigint LANGUAGE plpgsql AS $$
                        BEGIN
                          RETURN (SELECT count(*) FROM ${table});
                        END;
                        $$;
                        """)
                .file("U1__gadgets.sql", """
                        DO $body$
                        BEGIN
                          RAISE NOTICE 'undoing; semicolons inside dollar quotes are not statement ends';
                        END;
                        $body$;
                        DROP FUNCTION count_gadgets();
                        DROP TABLE ${flyway:defaultSchema}.${table};
                        """);
        MigrationSettings settings = new MigrationSettings(new ConnectionSettings(db.url(), db.user(), db.password()), List.of(), null,
                List.of("filesystem:" + migrations.dir().toAbsolutePath()), null, Map.of("table", "gadgets"), null, GuardMode.VERIFY, false);
        engine.upgrade(settings);
        assertTrue(db.tableExists("public.gadgets"));

        DowngradeReport report = engine.downgrade(settings, DowngradeTarget.toVersion("0"));

        assertEquals(List.of(), report.outcomes().get(0).skipped());
        assertFalse(db.tableExists("public.gadgets"));
        assertEquals(List.of(), db.column("SELECT proname FROM pg_proc WHERE proname = 'count_gadgets'"));
        assertEquals(List.of(), history(db));
        assertNull(report.versionAfter());
    }

    @Test
    void anIndexDroppedConcurrentlyIsDroppedInsideTheStepsTransaction(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db)
                .file("V4__email_index.sql", "CREATE INDEX CONCURRENTLY idx_users_email ON users (lower(email));\n")
                .file("U4__email_index.sql", "DROP INDEX CONCURRENTLY idx_users_email;\nDROP INDEX CONCURRENTLY IF EXISTS idx_gone;\n");
        engine.upgrade(migrations.settings(db));
        assertNotNull(db.single("SELECT to_regclass('public.idx_users_email')"));

        DowngradeReport report = engine.downgrade(migrations.settings(db), DowngradeTarget.steps(1));

        assertEquals(List.of(), report.outcomes().get(0).skipped());
        assertNull(db.single("SELECT to_regclass('public.idx_users_email')"));
        assertEquals(List.of("1", "2", "3"), history(db));
    }

    @Test
    void undoScriptsNameObjectsInTheSchemaTheirMigrationsBuiltIn(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE things (id int)"); // same name in public: must be left alone
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__things.sql", "CREATE TABLE things (id int, name text);\n")
                .file("U1__things.sql", "DROP TABLE things;\n");
        MigrationSettings settings = new MigrationSettings(new ConnectionSettings(db.url(), db.user(), db.password()), List.of("app"), null,
                List.of("filesystem:" + migrations.dir().toAbsolutePath()), null, Map.of(), null, GuardMode.VERIFY, false);
        engine.upgrade(settings);
        assertTrue(db.tableExists("app.things"));

        DowngradeReport report = engine.downgrade(settings, DowngradeTarget.toVersion("0"));

        assertEquals(List.of(), report.outcomes().get(0).skipped());
        assertFalse(db.tableExists("app.things"));
        assertTrue(db.tableExists("public.things"));
        assertEquals(List.of(), db.column("SELECT version FROM app.flyway_schema_history WHERE type = 'SQL'"));
    }

    @Test
    void anAdoptedMigrationUndoneAndAppliedAgainIsApplied(TestDatabase db) throws Exception {
        Migrations migrations = threeWithUndo();
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute(ORDERS);
        engine.upgrade(migrations.settings(db, "2", GuardMode.VERIFY));
        assertEquals(MigrationState.ADOPTED, engine.history(migrations.settings(db)).entries().get(1).state());

        engine.downgrade(migrations.settings(db), DowngradeTarget.steps(1));
        engine.upgrade(migrations.settings(db, "2", GuardMode.VERIFY));

        assertEquals(MigrationState.APPLIED, engine.history(migrations.settings(db)).entries().get(1).state());
    }
}
