package io.schemaguard.engine;

import io.schemaguard.guard.GuardRefusal;
import io.schemaguard.output.Log;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProbeLeftovers;
import io.schemaguard.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A migration run by hand is adopted by its final result, whatever order its statements take: a
 * statement's own comparison refuses (a later statement altered what it built), the whole migration
 * is judged on a replay instead.
 */
@ExtendWith(PostgresExtension.class)
class WholeMigrationTest {
    private static final String TABLE = "CREATE TABLE t (id int PRIMARY KEY);\nINSERT INTO t VALUES (1), (2);\n";
    private static final String ADD_NOT_NULL_COLUMN = """
            ALTER TABLE t ADD COLUMN c int;
            UPDATE t SET c = 0 WHERE c IS NULL;
            ALTER TABLE t ALTER COLUMN c SET NOT NULL;
            """;
    private static final String LATER = "CREATE TABLE later (id int);\n";

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations notNullColumn() {
        return new Migrations(dir.resolve("db")).file("V1__t.sql", TABLE).file("V2__c.sql", ADD_NOT_NULL_COLUMN).file("V3__later.sql", LATER);
    }

    /** The migrations up to {@code version} applied, then {@code byHand} run as someone would have. */
    private Migrations at(TestDatabase db, Migrations migrations, String version, String byHand) throws Exception {
        engine.upgrade(migrations.settings(db, version, GuardMode.VERIFY));
        db.execute(byHand);
        return migrations;
    }

    private static MigrationOutcome outcome(UpgradeReport report, String version) {
        return report.outcomes().stream().filter(o -> version.equals(o.version())).findFirst().orElseThrow(() -> new AssertionError(report));
    }

    private static List<String> history(TestDatabase db) throws Exception {
        return db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
    }

    private static List<String> audit(TestDatabase db) throws Exception {
        return db.column("SELECT version || ' ' || decision || ' ' || coalesce(object, '-') FROM flyway_schema_history_audit ORDER BY id");
    }

    private static void assertNothingLeftBehind(TestDatabase db) throws Exception {
        ProbeLeftovers.assertNone(db);
        assertEquals(List.of(), db.column("SELECT datname FROM pg_database WHERE datname LIKE 'sg\\_shadow%'"), "shadow databases");
    }

    private GuardRefusal refused(TestDatabase db, Migrations migrations) throws Exception {
        List<String> before = history(db);
        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(db)));
        assertEquals(before, history(db), "nothing recorded");
        assertNothingLeftBehind(db);
        return refusal;
    }

    private void adopted(TestDatabase db, Migrations migrations, String version) throws Exception {
        UpgradeReport report = engine.upgrade(migrations.settings(db));
        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(report, version).kind(), report.toString());
        assertTrue(history(db).contains(version), history(db).toString());
        assertEquals(MigrationState.ADOPTED, engine.history(migrations.settings(db)).entries().stream()
                .filter(e -> version.equals(e.version())).findFirst().orElseThrow().state());
        assertNothingLeftBehind(db);
    }

    @Test
    void aColumnAddedFilledAndMadeNotNullByHandIsAdoptedAndTheNextMigrationApplied(TestDatabase db) throws Exception {
        Migrations migrations = at(db, notNullColumn(), "1", ADD_NOT_NULL_COLUMN.replace("c = 0", "c = 7"));

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(report, "2").kind());
        assertEquals(List.of("the whole migration: table public.t already exists and is identical to what it builds"),
                outcome(report, "2").skipped());
        assertEquals(MigrationOutcome.Kind.APPLIED, outcome(report, "3").kind());
        assertEquals("3", report.versionAfter());
        assertEquals(List.of("1", "2", "3"), history(db));
        assertEquals(List.of("2 adopted table public.t", "2 adopted -"), audit(db));
        String why = db.single("SELECT detail FROM flyway_schema_history_audit WHERE object IS NULL");
        assertTrue(why.startsWith("adopted as a whole, none of its statements run: statement 1 (line 1): column c on public.t already"
                + " exists and differs from what this statement builds;"), why);
        assertTrue(why.endsWith("data statements not run: statement 2 (line 2): UPDATE"), why);
        assertEquals(List.of("7", "7"), db.column("SELECT c FROM t ORDER BY id"), "the UPDATE did not run");
        assertEquals(MigrationState.ADOPTED, engine.history(migrations.settings(db)).entries().get(1).state());
        assertTrue(db.tableExists("public.later"));
        assertNothingLeftBehind(db);
        // Flyway itself accepts the row, as it accepts a stamp's
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("filesystem:" + migrations.dir()).load().validate();
    }

    @Test
    void aTableCreatedAndAlteredByOneMigrationIsAdoptedWhenMadeByHand(TestDatabase db) throws Exception {
        // No history at all: the first migration is applied, the second adopted as a whole, the third applied, in one run.
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__a.sql", "CREATE TABLE a (id int);\n")
                .file("V2__u.sql", "CREATE TABLE u (id int);\nALTER TABLE u ADD COLUMN note text;\n").file("V3__later.sql", LATER);
        db.execute("CREATE TABLE u (id int, note text)");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.APPLIED, MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.APPLIED),
                report.outcomes().stream().map(MigrationOutcome::kind).toList(), report.toString());
        assertEquals(List.of("1", "2", "3"), history(db));
        assertEquals(List.of("2 adopted table public.u", "2 adopted -"), audit(db));
        assertNothingLeftBehind(db);
    }

    @Test
    void aFinalResultThatDiffersIsRefusedWithItsOwnDiffNotTheFirstStatements(TestDatabase db) throws Exception {
        Migrations migrations = at(db, notNullColumn(), "1", "ALTER TABLE t ADD COLUMN c bigint NOT NULL DEFAULT 0");

        GuardRefusal refusal = refused(db, migrations);

        String message = refusal.getMessage();
        assertTrue(message.startsWith("V2__c.sql: statement 1 (line 1): column c on public.t already exists and differs from what this"
                + " statement builds; judged on the whole migration instead"), message);
        assertTrue(message.matches("(?s).*\n  table public\\.t\n    column c +expected integer NOT NULL +found bigint NOT NULL DEFAULT 0\n.*"),
                message);
        assertFalse(message.contains("expected integer NULL"), "statement 1's candidate is not the migration's result: " + message);
        assertTrue(message.contains("Nothing of V2 was applied."), message);
        assertTrue(message.endsWith("mvn schema:stamp -Dschema.version=2 -Dschema.force=true"), "a verified stamp refuses too: " + message);
        assertEquals("bigint", db.single("SELECT data_type FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c'"));
        assertFalse(db.tableExists("public.later"));
    }

    @Test
    void aCreatedAndAlteredTableThatDiffersIsRefusedOnItsFinalColumns(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__t.sql", TABLE)
                .file("V2__u.sql", "CREATE TABLE u (id int);\nALTER TABLE u ADD COLUMN note text;\n");
        at(db, migrations, "1", "CREATE TABLE u (id int, note varchar(10))");

        GuardRefusal refusal = refused(db, migrations);

        assertTrue(refusal.getMessage().matches("(?s).*\n    column note +expected text NULL +found varchar\\(10\\) NULL\n.*"), refusal.getMessage());
        assertEquals(List.of(), db.column("SELECT 1 FROM pg_class WHERE relname = 'flyway_schema_history_audit'"), "no audit row either");
    }

    @Test
    void whereTheStatementAndTheWholeMigrationSeeTheSameDifferenceTheStatementsMessageStands(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__t.sql", TABLE)
                .file("V2__u.sql", "CREATE TABLE u (id int, note text);\nCREATE INDEX u_note ON u (note);\n");
        at(db, migrations, "1", "CREATE TABLE u (id int, note varchar(10))");

        GuardRefusal refusal = refused(db, migrations);

        assertTrue(refusal.getMessage().startsWith("V2__u.sql, statement 1 (line 1): table public.u already exists and differs from what"
                + " this statement builds:\n"), refusal.getMessage());
    }

    @Test
    void theRefusalSuggestsAPlainStampWhenAVerifiedOneWouldRecordIt(TestDatabase db) throws Exception {
        // The migration drops a table the database still holds: not its final result, yet a stamp (extra objects are notes) records it.
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__t.sql", TABLE + "CREATE TABLE old (id int);\n")
                .file("V2__u.sql", "CREATE TABLE u (id int);\nALTER TABLE u ADD COLUMN note text;\nDROP TABLE old;\n");
        at(db, migrations, "1", "CREATE TABLE u (id int, note text)");

        GuardRefusal refusal = refused(db, migrations);

        String message = refusal.getMessage();
        assertTrue(message.contains("\n  table public.old  expected (none)  found table (1 column)\n"), message);
        assertTrue(message.endsWith("run mvn schema:stamp -Dschema.version=2"), message);
        assertFalse(message.contains("force"), message);
    }

    @Test
    void aDryRunAdoptsNothingButSaysItWould(TestDatabase db) throws Exception {
        Migrations migrations = at(db, notNullColumn(), "1", ADD_NOT_NULL_COLUMN);

        UpgradeReport report = engine.upgrade(migrations.dryRunSettings(db));

        assertTrue(report.dryRun());
        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(report, "2").kind(), report.toString());
        assertEquals(MigrationOutcome.Kind.APPLIED, outcome(report, "3").kind(), report.toString());
        assertEquals(List.of("1"), history(db));
        assertFalse(db.tableExists("public.later"));
        assertEquals(List.of(), db.column("SELECT 1 FROM pg_class WHERE relname = 'flyway_schema_history_audit'"));
        assertNothingLeftBehind(db);
    }

    // Facts only a later statement of the migration sets (issue 14): upgrade adopts them as stamp records them.

    @Test
    void rowLevelSecurityEnabledByALaterStatement(TestDatabase db) throws Exception {
        String migration = "CREATE TABLE docs (id int PRIMARY KEY, owner text);\nALTER TABLE docs ENABLE ROW LEVEL SECURITY;\n";
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__t.sql", TABLE).file("V2__docs.sql", migration);
        at(db, migrations, "1", migration);
        adopted(db, migrations, "2");

        TestDatabase different = db.server().createDatabaseFor("rls_different");
        at(different, migrations, "1", migration + "ALTER TABLE docs FORCE ROW LEVEL SECURITY;");
        GuardRefusal refusal = refused(different, migrations);
        assertTrue(refusal.getMessage().matches("(?s).*row level security +expected enabled +found enabled, forced.*"), refusal.getMessage());
    }

    @Test
    void aTriggerDisabledByALaterStatement(TestDatabase db) throws Exception {
        String migration = """
                CREATE TABLE events (id int);
                CREATE FUNCTION events_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER events_touch BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_touch();
                ALTER TABLE events DISABLE TRIGGER events_touch;
                """;
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__t.sql", TABLE).file("V2__events.sql", migration);
        at(db, migrations, "1", migration);
        adopted(db, migrations, "2");

        TestDatabase different = db.server().createDatabaseFor("trigger_different");
        at(different, migrations, "1", migration.replace("BEFORE INSERT ON", "BEFORE INSERT OR UPDATE ON"));
        GuardRefusal refusal = refused(different, migrations);
        assertTrue(refusal.getMessage().contains("\n  trigger events_touch on public.events\n"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("OR UPDATE"), refusal.getMessage());
    }

    @Test
    void aSequenceAlteredByALaterStatement(TestDatabase db) throws Exception {
        String migration = "CREATE SEQUENCE ticket_no;\nALTER SEQUENCE ticket_no INCREMENT 10;\n";
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__t.sql", TABLE).file("V2__ticket_no.sql", migration);
        at(db, migrations, "1", migration);
        adopted(db, migrations, "2");

        TestDatabase different = db.server().createDatabaseFor("sequence_different");
        at(different, migrations, "1", "CREATE SEQUENCE ticket_no INCREMENT 5");
        GuardRefusal refusal = refused(different, migrations);
        assertTrue(refusal.getMessage().contains("\n  sequence public.ticket_no\n"), refusal.getMessage());
        assertTrue(refusal.getMessage().matches("(?s).*expected AS bigint START 1 INCREMENT 10 .*found AS bigint START 1 INCREMENT 5 .*"),
                "the final increment, not the CREATE's: " + refusal.getMessage());
    }

    @Test
    void aPartitionDetachedByALaterStatement(TestDatabase db) throws Exception {
        String parent = "CREATE TABLE logs (d date, msg text) PARTITION BY RANGE (d);\n";
        String migration = "CREATE TABLE logs_2020 PARTITION OF logs FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n"
                + "ALTER TABLE logs DETACH PARTITION logs_2020;\n";
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__logs.sql", parent).file("V2__detach.sql", migration);
        at(db, migrations, "1", migration);
        adopted(db, migrations, "2");
        assertNull(db.single("SELECT 1 FROM pg_inherits WHERE inhrelid = 'logs_2020'::regclass"), "still detached");

        TestDatabase different = db.server().createDatabaseFor("partition_different");
        at(different, migrations, "1", migration + "ALTER TABLE logs_2020 ADD COLUMN extra int;");
        GuardRefusal refusal = refused(different, migrations);
        assertTrue(refusal.getMessage().contains("\n  table public.logs_2020\n"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("column extra"), refusal.getMessage());
    }

    @Test
    void aPolicyNoMigrationCreatesBesideATableJudgedAsAWholeIsRefused(TestDatabase db) throws Exception {
        Migrations migrations = at(db, notNullColumn(), "1",
                ADD_NOT_NULL_COLUMN + "CREATE POLICY by_hand ON t AS RESTRICTIVE USING (id > 1);");

        GuardRefusal refusal = refused(db, migrations);

        assertTrue(refusal.getMessage().contains("\n  policy by_hand on public.t  expected (none)  found command ALL, as RESTRICTIVE,"
                + " to PUBLIC, using (id > 1)\n"), refusal.getMessage());
        assertEquals(List.of("1"), history(db));
    }

    @Test
    void aPolicyALaterMigrationCreatesIsNotExtraWhenTheMigrationIsJudgedAsAWhole(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__t.sql", TABLE).file("V2__c.sql", ADD_NOT_NULL_COLUMN)
                .file("V3__policy.sql", "CREATE POLICY later_one ON t AS RESTRICTIVE USING (id > 1);\n");
        at(db, migrations, "1", ADD_NOT_NULL_COLUMN + "CREATE POLICY later_one ON t AS RESTRICTIVE USING (id > 1);");

        adopted(db, migrations, "2");

        assertEquals(List.of("1", "2", "3"), history(db));
    }
}
