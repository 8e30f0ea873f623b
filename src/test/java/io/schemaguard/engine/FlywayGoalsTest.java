package io.schemaguard.engine;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.BaselineSettings;
import io.schemaguard.settings.FlywayOptions;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** validate, baseline, repair and clean: the goals a Flyway user knows, on a real database. */
@ExtendWith(PostgresExtension.class)
class FlywayGoalsTest {
    private static final String USERS = "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\n";
    private static final String NOTES = "CREATE TABLE notes (id integer PRIMARY KEY, body text);\n";
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;

    private final RecordingLog log = new RecordingLog();
    private final SchemaEngine engine = new SchemaEngine(log);

    @TempDir
    Path dir;

    private Migrations twoMigrations() {
        return new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__notes.sql", NOTES);
    }

    private static List<String> history(TestDatabase db) throws Exception {
        return db.column("SELECT installed_rank || ' ' || coalesce(version, '-') || ' ' || type || ' ' || success || ' ' || coalesce(checksum::text, '-')"
                + " FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static List<String> audit(TestDatabase db) throws Exception {
        return db.column("SELECT coalesce(version, '-') || ' ' || decision || ' ' || coalesce(detail, '') FROM flyway_schema_history_audit ORDER BY id");
    }

    // --- validate

    @Test
    void validateListsEachProblemWithWhatToDoInThisPluginsWords(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations().file("V3__more.sql", "CREATE TABLE more (id integer);\n");
        engine.upgrade(migrations.settings(db));
        migrations.file("V1__users.sql", USERS + "-- edited after it ran\n");
        Files.delete(migrations.dir().resolve("V2__notes.sql"));
        migrations.file("V2_5__late.sql", "CREATE TABLE late (id integer);\n");

        ValidateReport report = engine.validate(migrations.settings(db));

        assertFalse(report.valid());
        String summary = report.summary();
        assertTrue(summary.contains("version 1 (V1__users.sql): checksum mismatch"), summary);
        assertTrue(summary.contains("run mvn schema:repair to record the file's checksum"), summary);
        assertTrue(summary.contains("version 2 (V2__notes.sql): applied, but its file is gone"), summary);
        assertTrue(summary.contains("run mvn schema:repair to mark it deleted"), summary);
        assertTrue(summary.contains("version 2.5"), summary);
        assertTrue(summary.contains("(out of order)"), summary);
        assertTrue(summary.contains("<outOfOrder>true</outOfOrder> (-Dschema.outOfOrder=true)"), summary);
        assertFalse(summary.contains("-outOfOrder=true") && !summary.contains("-Dschema.outOfOrder=true"), summary);
        assertFalse(summary.contains("run repair"), summary);
        assertTrue(summary.endsWith("Nothing was changed."), summary);
        assertFalse(log.lines().stream().anyMatch(l -> l.contains("replayed")), "no shadow replay: " + log.lines());
    }

    @Test
    void validatePassesAPendingMigrationAndFindsAFailedRow(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations();
        engine.upgrade(migrations.settings(db, "1", io.schemaguard.settings.GuardMode.VERIFY));

        assertTrue(engine.validate(migrations.settings(db)).valid(), "V2 is pending, not a problem");

        db.execute("UPDATE flyway_schema_history SET success = false WHERE version = '1'");
        String summary = engine.validate(migrations.settings(db)).summary();
        assertTrue(summary.contains("version 1 (V1__users.sql): failed: the history records a failed run"), summary);
        assertTrue(summary.contains("then run mvn schema:repair to remove its row"), summary);
    }

    @Test
    void upgradeRefusalsNameThisPluginsRepairAndOutOfOrderOption(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations();
        engine.upgrade(migrations.settings(db));
        migrations.file("V1__users.sql", USERS + "-- edited after it ran\n");

        String changed = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db))).getMessage();
        assertTrue(changed.contains("run mvn schema:repair to record its checksum in the history"), changed);
        assertTrue(changed.contains("or, when the database holds what the new file builds, run mvn schema:repair"), changed);
        assertFalse(changed.contains("run repair") || changed.contains("no repair goal"), changed);

        migrations.file("V1__users.sql", USERS).file("V1_5__late.sql", "CREATE TABLE late (id integer);\n");
        String late = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db))).getMessage();
        assertTrue(late.contains("(out of order): it is neither run nor skipped by default. Give it a version above the current one,"
                + " or apply it with <outOfOrder>true</outOfOrder> (-Dschema.outOfOrder=true)."), late);
        assertFalse(late.contains("A migration is not applied yet"), "an out-of-order migration is not merely pending: " + late);
    }

    // --- baseline

    private BaselineReport baseline(Migrations migrations, TestDatabase db, String version, boolean force, boolean dryRun) {
        return engine.baseline(migrations.settings(db), new BaselineSettings(version, null, force, dryRun), ShadowSettings.automatic(),
                CLASSPATH_BINARIES);
    }

    @Test
    void baselineRecordsFlywaysBaselineRowOnlyAfterVerifying(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations();
        db.execute(USERS);

        BaselineReport report = baseline(migrations, db, "1", false, false);

        assertEquals(BaselineReport.Outcome.BASELINED, report.outcome());
        assertEquals(List.of("1 1 BASELINE true -"), history(db));
        assertEquals("<< Flyway Baseline >>", db.single("SELECT description FROM flyway_schema_history"));
        assertEquals(List.of("1 baselined baseline verified against a replay of the migrations up to it"), audit(db));
        // plain Flyway accepts it and applies only what is above the baseline
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("filesystem:" + migrations.dir()).load().migrate();
        assertTrue(db.tableExists("public.notes"));
    }

    @Test
    void baselineRefusesADatabaseThatDoesNotHoldWhatTheMigrationsBuildAndRecordsNothing(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations();
        db.execute("CREATE TABLE users (id integer PRIMARY KEY)");

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> baseline(migrations, db, "1", false, false));

        assertTrue(refusal.getMessage().startsWith("Cannot baseline at version 1: the database does not hold what the migrations up to 1 build:"),
                refusal.getMessage());
        assertTrue(refusal.getMessage().contains("column email"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("mvn schema:baseline -Dschema.baselineVersion=1 -Dschema.force=true"), refusal.getMessage());
        assertFalse(db.tableExists("public.flyway_schema_history"), "nothing recorded, no history table left behind");
        assertFalse(db.tableExists("public.flyway_schema_history_audit"));

        assertEquals(BaselineReport.Outcome.REFUSED, baseline(migrations, db, "1", false, true).outcome(), "a dry run reports the refusal");
        assertFalse(db.tableExists("public.flyway_schema_history"));

        BaselineReport forced = baseline(migrations, db, "1", true, false);
        assertEquals(BaselineReport.Outcome.FORCED, forced.outcome());
        assertEquals(List.of("1 1 BASELINE true -"), history(db));
        assertEquals("1 forced", db.single("SELECT version || ' ' || decision FROM flyway_schema_history_audit"));
    }

    @Test
    void baselineRefusesAnExistingHistoryAsFlywayDoes(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations();
        engine.upgrade(migrations.settings(db, "1", io.schemaguard.settings.GuardMode.VERIFY));

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> baseline(migrations, db, "1", false, false));

        assertTrue(refusal.getMessage().contains("it already records migrations (1 row)"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("mvn schema:stamp -Dschema.version=<version>"), refusal.getMessage());
        assertEquals(List.of("1 1 SQL true " + db.single("SELECT checksum FROM flyway_schema_history")), history(db));
    }

    // --- repair

    @Test
    void repairRemovesFailedRowsMarksMissingFilesAndRealignsChecksumsEachAudited(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations().file("V3__more.sql", "CREATE TABLE more (id integer);\n");
        engine.upgrade(migrations.settings(db));
        migrations.file("V1__users.sql", USERS + "-- a comment added after it ran\n");
        Files.delete(migrations.dir().resolve("V2__notes.sql"));
        db.execute("UPDATE flyway_schema_history SET success = false WHERE version = '3'");
        List<String> before = history(db);

        RepairReport dryRun = engine.repair(migrations.settings(db), true);

        assertEquals(3, dryRun.changes().size(), dryRun.lines().toString());
        assertEquals(before, history(db), "a dry run changes nothing");
        assertFalse(db.tableExists("public.flyway_schema_history_audit"), "not even the audit table");
        assertTrue(dryRun.lines().stream().anyMatch(l -> l.startsWith("would be removed failed row: ")), dryRun.lines().toString());

        RepairReport repaired = engine.repair(migrations.settings(db), false);

        assertEquals(List.of("removed failed row", "marked deleted", "realigned with its file"),
                repaired.changes().stream().map(c -> c.kind().label()).toList(), "in the order Flyway's repair makes them");
        List<String> after = db.column("SELECT version || ' ' || type || ' ' || success FROM flyway_schema_history ORDER BY installed_rank");
        assertEquals(List.of("1 SQL true", "2 SQL true", "2 DELETE true"), after);
        assertEquals(3, db.column("SELECT decision FROM flyway_schema_history_audit WHERE decision = 'repaired'").size());
        // nothing wrong any more, and V3 runs again
        Flyway flyway = Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("filesystem:" + migrations.dir()).load();
        flyway.validateWithResult();
        assertTrue(engine.validate(migrations.settings(db)).valid(), engine.validate(migrations.settings(db)).summary());
        assertEquals(0, engine.repair(migrations.settings(db), false).changes().size(), "a second repair has nothing to do");
    }

    // --- clean

    private static MigrationSettings cleanEnabled(MigrationSettings settings) {
        return settings.withFlyway(FlywayOptions.of(Map.of("cleanDisabled", "false")));
    }

    @Test
    void cleanIsRefusedByDefaultAndDropsNothing(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations();
        engine.upgrade(migrations.settings(db));

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> engine.clean(migrations.settings(db), false));

        assertTrue(refusal.getMessage().contains("<cleanDisabled>false</cleanDisabled> (or -Dschema.cleanDisabled=false)"), refusal.getMessage());
        assertTrue(db.tableExists("public.users") && db.tableExists("public.notes") && db.tableExists("public.flyway_schema_history"));
    }

    @Test
    void cleanDropsOnlyTheManagedSchemasObjectsAndItsAuditRecordSurvives(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA other; CREATE TABLE other.kept (id integer); CREATE TABLE public.not_managed (id integer)");
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__app.sql", """
                CREATE TYPE mood AS ENUM ('happy', 'sad');
                CREATE TABLE users (id serial PRIMARY KEY, mood mood);
                CREATE VIEW user_moods AS SELECT mood FROM users;
                CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS 'SELECT 42';
                CREATE SEQUENCE tickets;
                """);
        MigrationSettings settings = new MigrationSettings(new io.schemaguard.settings.ConnectionSettings(db.url(), db.user(), db.password()),
                List.of("app", "app_extra"), null, List.of("filesystem:" + migrations.dir()), null, Map.of(), null,
                io.schemaguard.settings.GuardMode.VERIFY, false);
        engine.upgrade(settings);
        db.execute("CREATE TABLE app_extra.t (id integer)");
        assertTrue(db.tableExists("app.users"));

        CleanReport dry = engine.clean(cleanEnabled(settings), true);
        assertTrue(dry.lines().stream().anyMatch(l -> l.contains("would be dropped schema")), dry.lines().toString());
        assertTrue(db.tableExists("app.users") && db.tableExists("app_extra.t"), "a dry run drops nothing");

        CleanReport report = engine.clean(cleanEnabled(settings), false);

        // app_extra was created by Flyway (<schemas>): dropped; app holds the history and the audit table: emptied, kept
        assertEquals(List.of("app_extra"), report.droppedSchemas());
        assertNull(db.single("SELECT nspname FROM pg_namespace WHERE nspname = 'app_extra'"));
        assertEquals(List.of("flyway_schema_history_audit", "flyway_schema_history_audit_id_seq", "flyway_schema_history_audit_pkey"),
                db.column("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'app' ORDER BY 1"));
        assertEquals(List.of(), db.column("SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'app'"));
        assertEquals(List.of(), db.column("SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'app'"
                + " AND t.typtype = 'e'"));
        assertTrue(db.tableExists("other.kept") && db.tableExists("public.not_managed"), "schemas outside the configured ones are untouched");
        assertEquals(List.of("cleaned"), db.column("SELECT decision FROM app.flyway_schema_history_audit WHERE decision = 'cleaned'"));
        assertTrue(report.lines().stream().anyMatch(l -> l.contains("DROP TABLE IF EXISTS app.flyway_schema_history CASCADE")), report.lines().toString());

        // and the project migrates again from nothing, the adoption of the earlier run forgotten
        UpgradeReport again = engine.upgrade(settings);
        assertEquals(1, again.outcomes().size());
        assertEquals(MigrationOutcome.Kind.APPLIED, again.outcomes().get(0).kind());
        assertTrue(db.tableExists("app.users") && db.single("SELECT nspname FROM pg_namespace WHERE nspname = 'app_extra'") != null);
    }

    @Test
    void cleanRefusesWhenADropWouldReachAnObjectOutsideTheManagedSchemas(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations();
        engine.upgrade(migrations.settings(db));
        db.execute("CREATE SCHEMA reporting; CREATE VIEW reporting.emails AS SELECT email FROM public.users");

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> engine.clean(cleanEnabled(migrations.settings(db)), false));

        assertTrue(refusal.getMessage().contains("view reporting.emails"), refusal.getMessage());
        assertTrue(refusal.getMessage().endsWith("Nothing was dropped."), refusal.getMessage());
        assertTrue(db.tableExists("public.users") && db.tableExists("reporting.emails") && db.tableExists("public.flyway_schema_history"));
    }
}
