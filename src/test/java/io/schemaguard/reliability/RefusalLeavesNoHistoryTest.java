package io.schemaguard.reliability;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An upgrade of a schema without history creates the history table before it knows the outcome;
 * when nothing gets recorded (a refusal, a failing first migration) the table goes again, so that
 * the schema is as it was and plain Flyway's baselineOnMigrate still baselines it.
 */
@ExtendWith(PostgresExtension.class)
class RefusalLeavesNoHistoryTest {
    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private static List<String> relations(TestDatabase db) throws Exception {
        return db.column("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1");
    }

    @Test
    void aRefusedAdoptionLeavesNoHistoryTableAndFlywayStillBaselines(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, email text)");
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__users.sql", "CREATE TABLE users (id int PRIMARY KEY, email varchar(255) NOT NULL);\n")
                .file("V2__orders.sql", "CREATE TABLE orders (id int);\n");
        List<String> before = relations(db);

        assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertEquals(before, relations(db), "no history table, nothing else");
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("filesystem:" + migrations.dir().toAbsolutePath())
                .baselineOnMigrate(true).baselineVersion("1").load().migrate();
        assertEquals(List.of("1", "2"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"),
                "plain Flyway baselined the schema at 1 and applied 2");
    }

    @Test
    void aFirstMigrationThatFailsLeavesNoHistoryTable(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE legacy (id int)");
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", "CREATE TABLE users (id int PRIMARY KEY);\nSELEC 1;\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(failure.getMessage().contains("V1__users.sql"), failure.getMessage());
        assertEquals(List.of("legacy"), relations(db));
    }

    @Test
    void aHistoryTableThatRecordedAMigrationStays(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY)");
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", "CREATE TABLE users (id int PRIMARY KEY);\n")
                .file("V2__broken.sql", "SELEC 1;\n");

        assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
        assertEquals("adopted", db.single("SELECT decision FROM flyway_schema_history_audit WHERE statement_number IS NULL"));
    }
}
