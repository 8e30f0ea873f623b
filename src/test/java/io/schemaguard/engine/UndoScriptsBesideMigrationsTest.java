package io.schemaguard.engine;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.DowngradeTarget;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Undo scripts live beside the migrations: nothing else may trip over them, and a downgrade respects Flyway's lock. */
@ExtendWith(PostgresExtension.class)
class UndoScriptsBesideMigrationsTest {
    // Flyway 13's PostgreSQL lock: "Flyway" in ASCII plus the hash of the history table as Flyway prints it.
    private static final long FLYWAY_LOCK = 0x466C79776179L + "\"public\".\"flyway_schema_history\"".hashCode();

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations withUndo() {
        return new Migrations(dir.resolve("db"))
                .file("V1__users.sql", "CREATE TABLE users (id uuid PRIMARY KEY);\n")
                .file("V2__notes.sql", "CREATE TABLE notes (id bigint PRIMARY KEY);\n")
                // run as a migration, this would drop what V1 built
                .file("U1__users.sql", "DROP TABLE users;\n")
                .file("U2__notes.sql", "DROP TABLE notes;\n");
    }

    private Flyway plainFlyway(TestDatabase db, Migrations migrations) {
        return Flyway.configure().dataSource(db.url(), db.user(), db.password())
                .locations("filesystem:" + migrations.dir().toAbsolutePath()).load();
    }

    @Test
    void upgradeHistoryCurrentAndFlywaysValidateIgnoreUndoScripts(TestDatabase db) throws Exception {
        Migrations migrations = withUndo();

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of("V1__users.sql", "V2__notes.sql"), report.outcomes().stream().map(MigrationOutcome::script).toList());
        assertTrue(db.tableExists("public.users") && db.tableExists("public.notes"), "no undo script ran");
        assertEquals(List.of("1", "2"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
        HistoryReport history = engine.history(migrations.settings(db));
        assertEquals(List.of("V1__users.sql U1__users.sql", "V2__notes.sql U2__notes.sql"),
                history.entries().stream().map(e -> e.script() + " " + e.undoScript()).toList());
        assertTrue(history.currentText().contains("Pending migrations: 0"), history.currentText().toString());
        assertTrue(plainFlyway(db, migrations).validateWithResult().validationSuccessful, "plain Flyway validates the same history");
    }

    @Test
    void historyShowsTheUndoScriptOfEachAppliedVersion(TestDatabase db) {
        Migrations migrations = withUndo().file("V3__tags.sql", "CREATE TABLE tags (id int);\n").file("U3__tags.sql", "DROP TABLE tags;\n")
                .file("V4__more.sql", "CREATE TABLE more (id int);\n");
        engine.upgrade(migrations.settings(db, "2", GuardMode.VERIFY));
        engine.upgrade(migrations.settings(db, "4", GuardMode.VERIFY));
        migrations.dir().resolve("U2__notes.sql").toFile().delete();

        HistoryReport history = engine.history(migrations.settings(db));

        List<String> text = history.historyText();
        assertTrue(text.get(0).startsWith("version | description | type | state   | installed on") && text.get(0).endsWith("| undo"), text.get(0));
        assertTrue(text.get(2).startsWith("1 ") && text.get(2).endsWith("| U1"), text.get(2));
        assertTrue(text.get(3).startsWith("2 ") && !text.get(3).contains("U2"), "no undo script for V2 any more: " + text.get(3));
        assertTrue(text.get(4).endsWith("| U3"), text.get(4));
        assertFalse(text.get(5).contains("| U"), text.get(5));
        String json = history.historyJson();
        assertTrue(json.contains("\"script\": \"V1__users.sql\",\n      \"undo\": \"U1__users.sql\""), json);
        assertTrue(json.contains("\"script\": \"V2__notes.sql\",\n      \"undo\": null"), json);
    }

    @Test
    void aMisnamedUndoScriptIsStillRefusedAsAMisnamedFile(TestDatabase db) throws Exception {
        Migrations migrations = withUndo().file("U3_no_separator.sql", "DROP TABLE users;\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(failure.getMessage().contains("U3_no_separator.sql"), failure.getMessage());
        assertFalse(db.tableExists("public.users"));
    }

    @Test
    void aDowngradeWaitsForTheLockFlywayTakesToMigrate(TestDatabase db) throws Exception {
        Migrations migrations = withUndo();
        try (Connection holder = db.connect()) {
            lock(holder, "pg_advisory_lock");
            // the key is Flyway's own: a plain Flyway migrate waits for it
            CompletableFuture<Integer> flyway = CompletableFuture.supplyAsync(() -> plainFlyway(db, migrations).migrate().migrationsExecuted);
            Thread.sleep(1500);
            assertFalse(flyway.isDone());
            assertFalse(db.tableExists("public.users"));
            lock(holder, "pg_advisory_unlock");
            assertEquals(2, flyway.get(30, TimeUnit.SECONDS));

            lock(holder, "pg_advisory_lock");
            CompletableFuture<DowngradeReport> downgrade = CompletableFuture.supplyAsync(
                    () -> engine.downgrade(migrations.settings(db), DowngradeTarget.steps(1)));
            Thread.sleep(1500);
            assertFalse(downgrade.isDone());
            assertTrue(db.tableExists("public.notes"));
            lock(holder, "pg_advisory_unlock");
            assertEquals("1", downgrade.get(30, TimeUnit.SECONDS).versionAfter());
            assertFalse(db.tableExists("public.notes"));
        }
    }

    private static void lock(Connection connection, String function) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, FLYWAY_LOCK);
            statement.execute();
        }
    }
}
