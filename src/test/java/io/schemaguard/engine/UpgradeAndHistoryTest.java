package io.schemaguard.engine;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(PostgresExtension.class)
class UpgradeAndHistoryTest {
    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations twoMigrations() {
        return new Migrations(dir.resolve("db"))
                .file("V1__create_users.sql", "CREATE TABLE users (id uuid PRIMARY KEY, email varchar(255) NOT NULL);\n")
                .file("V2__create_contacts.sql", "CREATE TABLE crm_contacts (id uuid PRIMARY KEY, name text NOT NULL);\n");
    }

    @Test
    void upgradeAppliesPendingMigrationsAndHistoryShowsThem(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations().file("V3__add_phone.sql", "ALTER TABLE crm_contacts ADD COLUMN phone text;\n");

        UpgradeReport report = engine.upgrade(migrations.settings(db, "2", GuardMode.VERIFY));

        assertNull(report.versionBefore());
        assertEquals("2", report.versionAfter());
        assertEquals(List.of("V1__create_users.sql", "V2__create_contacts.sql"),
                report.outcomes().stream().map(MigrationOutcome::script).toList());
        assertTrue(db.tableExists("public.crm_contacts"));
        assertEquals(List.of("1", "2"), db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"));

        HistoryReport history = engine.history(migrations.settings(db));
        assertEquals(List.of(MigrationState.APPLIED, MigrationState.APPLIED, MigrationState.PENDING),
                history.entries().stream().map(HistoryEntry::state).toList());
        assertEquals("2", history.current().orElseThrow().version());
        assertEquals(1, history.pending().size());
        assertTrue(history.failed().isEmpty());

        UpgradeReport second = engine.upgrade(migrations.settings(db));
        assertEquals("3", second.versionAfter());
        assertEquals(1, second.outcomes().size());
        assertEquals(List.of("id", "name", "phone"), db.column(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'crm_contacts' ORDER BY ordinal_position"));
    }

    @Test
    void aSyntaxErrorNamesFileAndLineAndLeavesNothingOfTheMigration(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations().file("V3__broken.sql",
                "CREATE TABLE audit_log (id bigint PRIMARY KEY);\n\nCREATE TABLEE broken (id int);\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(failure.getMessage().startsWith("V3__broken.sql, line 3: the statement failed (SQLSTATE 42601)"), failure.getMessage());
        assertTrue(failure.getMessage().contains("statement: CREATE TABLEE broken (id int)"), failure.getMessage());
        assertFalse(db.tableExists("public.audit_log"), "the migration's first statement was rolled back");
        assertEquals(List.of("1", "2"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"),
                "no history row for the failed migration");
    }

    @Test
    void aChecksumMismatchOfAnAppliedMigrationIsRefused(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations();
        engine.upgrade(migrations.settings(db));
        migrations.file("V2__create_contacts.sql", "CREATE TABLE crm_contacts (id uuid PRIMARY KEY, name varchar(10));\n")
                .file("V3__more.sql", "CREATE TABLE more (id int);\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(failure.getMessage().contains("checksum mismatch"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Restore the file as it was"), failure.getMessage());
        assertFalse(db.tableExists("public.more"), "nothing applied");
    }

    @Test
    void aMalformedFileNameIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        Migrations migrations = twoMigrations().file("V3_missing_double_underscore.sql", "CREATE TABLE x (id int);\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(failure.getMessage().contains("V3_missing_double_underscore.sql"), failure.getMessage());
        assertFalse(db.tableExists("public.users"));
    }

    @Test
    void aMissingOrEmptyLocationIsRefused(TestDatabase db) throws Exception {
        Migrations missing = new Migrations(dir.resolve("nowhere"));
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(missing.settings(db)));
        assertTrue(failure.getMessage().contains("does not exist"), failure.getMessage());

        Migrations empty = new Migrations(dir.resolve("empty")).file("README.txt", "no migrations here");
        SchemaFailure none = assertThrows(SchemaFailure.class, () -> engine.upgrade(empty.settings(db)));
        assertTrue(none.getMessage().startsWith("No migrations found in filesystem:"), none.getMessage());
        assertFalse(db.tableExists("public.flyway_schema_history"));
    }

    @Test
    void connectionProblemsGetOneClearMessageEach(TestDatabase db) {
        Migrations migrations = twoMigrations();
        assertFailure(migrations, new ConnectionSettings(null, null, null), "No database URL.");
        assertFailure(migrations, new ConnectionSettings("jdbc:mysql://localhost:3306/app", "u", "p"),
                "'jdbc:mysql://localhost:3306/app' is not a PostgreSQL JDBC URL.");
        assertFailure(migrations, new ConnectionSettings("jdbc:postgresql://no-such-host.invalid:5432/app", "u", "p"),
                "Cannot reach the PostgreSQL server at jdbc:postgresql://no-such-host.invalid:5432/app: unknown host");
        assertFailure(migrations, new ConnectionSettings("jdbc:postgresql://127.0.0.1:1/app", "u", "p"),
                "Cannot reach the PostgreSQL server at jdbc:postgresql://127.0.0.1:1/app: connection refused.");
        String missingDb = db.url().replace("/" + db.name(), "/no_such_database");
        assertFailure(migrations, new ConnectionSettings(missingDb, db.user(), db.password()),
                "The database in " + missingDb + " does not exist (SQLSTATE 3D000)");
    }

    @Test
    void aWrongPasswordIsReportedWithoutShowingIt(TestDatabase db) throws Exception {
        db.execute("CREATE ROLE pw_user LOGIN PASSWORD 'right-one' IN ROLE password_required; GRANT CREATE ON SCHEMA public TO pw_user");
        Migrations migrations = twoMigrations();

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(
                new ConnectionSettings(db.url(), "pw_user", "Wrong-Secret-Value"), null, GuardMode.VERIFY)));

        assertTrue(failure.getMessage().startsWith("Authentication failed for user 'pw_user' at " + db.url() + " (SQLSTATE 28P01)"),
                failure.getMessage());
        assertFalse(failure.getMessage().contains("Wrong-Secret-Value"));
        assertFalse(db.tableExists("public.users"));
        engine.upgrade(migrations.settings(new ConnectionSettings(db.url(), "pw_user", "right-one"), null, GuardMode.VERIFY));
        assertTrue(db.tableExists("public.users"), "the right password works");
    }

    private void assertFailure(Migrations migrations, ConnectionSettings connection, String expectedStart) {
        MigrationSettings settings = new MigrationSettings(connection, List.of(), null,
                List.of("filesystem:" + migrations.dir().toAbsolutePath()), null, Map.of(), null, GuardMode.VERIFY, false);
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(settings));
        assertTrue(failure.getMessage().startsWith(expectedStart), failure.getMessage());
    }
}
