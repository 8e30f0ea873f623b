package io.schemaguard.engine;

import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A schema that holds objects but no history (a restored dump, a lost history) is adopted in one replay:
 * the migrations up to the newest version whose expected schema the database holds are recorded as
 * adopted, without running a statement on it, and the rest is applied guarded.
 */
@ExtendWith(PostgresExtension.class)
class OneReplayAdoptionTest {
    private static final String USERS = "CREATE TABLE users (id int PRIMARY KEY, email text);\n";
    private static final String USERS_ALTERED = "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users ADD COLUMN name varchar(80);\n";
    private static final String ORDERS = "CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id));\n"
            + "CREATE INDEX orders_user ON orders (user_id);\n";

    private final RecordingLog log = new RecordingLog();
    private final SchemaEngine engine = new SchemaEngine(log);

    @TempDir
    Path dir;

    /** The migrations up to {@code version} applied by plain Flyway, then its history lost. */
    private static void builtWithoutHistory(TestDatabase db, Migrations migrations, String version) throws Exception {
        var config = Flyway.configure().dataSource(db.url(), db.user(), db.password())
                .locations("filesystem:" + migrations.dir().toAbsolutePath());
        (version == null ? config : config.target(version)).load().migrate();
        db.execute("DROP TABLE flyway_schema_history");
    }

    private static List<String> history(TestDatabase db) throws Exception {
        return db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
    }

    private static List<String> relations(TestDatabase db) throws Exception {
        return db.column("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1");
    }

    private static List<MigrationOutcome.Kind> kinds(UpgradeReport report) {
        return report.outcomes().stream().map(MigrationOutcome::kind).toList();
    }

    @Test
    void aSchemaHoldingEveryObjectIsAdoptedWithoutAProbePerStatement(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__orders.sql", ORDERS)
                .file("V3__view.sql", "CREATE VIEW user_emails AS SELECT id, email FROM users;\n");
        builtWithoutHistory(db, migrations, null);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED), kinds(report));
        assertEquals("3", report.versionAfter());
        assertEquals(List.of("1", "2", "3"), history(db));
        assertEquals(List.of("1 adopted", "2 adopted", "3 adopted"),
                db.column("SELECT version || ' ' || decision FROM flyway_schema_history_audit ORDER BY id"),
                "one row per migration, none per statement: nothing was probed");
        assertEquals(List.of("adopted", "adopted", "adopted"), engine.history(migrations.settings(db)).entries().stream()
                .map(e -> e.state().name().toLowerCase()).toList());
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("filesystem:" + migrations.dir().toAbsolutePath())
                .load().validate(); // plain Flyway accepts the rows as its own
    }

    @Test
    void aTableCreatedInOneMigrationAndAlteredInALaterOneIsAdopted(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__orders.sql", ORDERS)
                .file("V3__users_altered.sql", USERS_ALTERED);
        builtWithoutHistory(db, migrations, null);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED), kinds(report));
        assertEquals(List.of("1", "2", "3"), history(db));
        assertEquals("NO", db.single("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email'"));
    }

    @Test
    void aSchemaAtTheThirdOfFiveVersionsIsAdoptedToThreeAndTheRestApplied(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__users_altered.sql", USERS_ALTERED)
                .file("V3__orders.sql", ORDERS).file("V4__items.sql", "CREATE TABLE items (id int PRIMARY KEY);\n")
                .file("V5__users_items.sql", "ALTER TABLE users ADD COLUMN favourite int REFERENCES items (id);\n");
        builtWithoutHistory(db, migrations, "3");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED,
                MigrationOutcome.Kind.APPLIED, MigrationOutcome.Kind.APPLIED), kinds(report));
        assertEquals(List.of("1", "2", "3", "4", "5"), history(db));
        assertEquals(List.of("1 adopted", "2 adopted", "3 adopted"),
                db.column("SELECT version || ' ' || decision FROM flyway_schema_history_audit ORDER BY id"));
        assertEquals("1", db.single("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'favourite'"));
        assertTrue(log.lines().stream().anyMatch(l -> l.contains("up to version 3")), log.lines().toString());
    }

    @Test
    void aSchemaAtNoVersionIsJudgedByTheGuardWhichRefusesWithItsDiffAndNothingChanges(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__orders.sql", ORDERS)
                .file("V3__users_altered.sql", USERS_ALTERED);
        builtWithoutHistory(db, migrations, "2");
        db.execute("ALTER TABLE users ALTER COLUMN email TYPE varchar(40)"); // by hand: no version has it
        List<String> before = relations(db);

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(log.lines().stream().anyMatch(l -> l.contains("at no version of the migrations")), log.lines().toString());
        assertTrue(log.lines().stream().anyMatch(l -> l.contains("Closest: version 2 (V2__orders.sql)")), log.lines().toString());
        String message = failure.getMessage();
        assertTrue(message.contains("V1__users.sql"), message);
        assertTrue(message.lines().anyMatch(l -> l.contains("column email") && l.contains("expected text") && l.contains("found varchar(40)")),
                message);
        assertEquals(before, relations(db), "no history table, no audit table, nothing else");
        assertEquals("character varying", db.single("SELECT data_type FROM information_schema.columns WHERE table_name = 'users'"
                + " AND column_name = 'email'"));
    }

    @Test
    void theDataStatementsOfAdoptedMigrationsNeverRunOnTheTarget(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__settings.sql", "CREATE TABLE settings (k text PRIMARY KEY, v text);\nINSERT INTO settings VALUES ('mode', 'seed');\n")
                .file("V2__note.sql", "ALTER TABLE settings ADD COLUMN note text;\nUPDATE settings SET note = 'from V2';\n")
                .file("V3__later.sql", "CREATE TABLE later (id int);\nINSERT INTO later VALUES (3);\n");
        builtWithoutHistory(db, migrations, "2");
        db.execute("DELETE FROM settings; INSERT INTO settings VALUES ('mode', 'production', NULL)");

        UpgradeReport report = engine.upgrade(migrations.settings(db, null, GuardMode.VERIFY));

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.APPLIED), kinds(report));
        assertEquals(List.of("mode production -"), db.column("SELECT k || ' ' || v || ' ' || coalesce(note, '-') FROM settings"),
                "the seed row was neither inserted again nor updated");
        assertEquals(List.of("3"), db.column("SELECT id::text FROM later"), "the migration applied after the adoption ran in full");
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN V1__settings.sql") && l.contains("INSERT") && l.contains("was not run")),
                log.lines().toString());
        assertTrue(db.single("SELECT detail FROM flyway_schema_history_audit WHERE version = '2'").contains("data statements not run"));
    }
}
