package io.schemaguard.reliability;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Failures around the history table itself say what failed, and which migration caused it. */
@ExtendWith(PostgresExtension.class)
class HistoryMessagesTest {
    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void aMigrationThatDropsTheHistoryTableIsNamedAndNothingOfItIsKept(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", "CREATE TABLE users (id int);\n");
        engine.upgrade(migrations.settings(db));
        migrations.file("V2__tidy.sql", "CREATE TABLE orders (id int);\nDROP TABLE flyway_schema_history;\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertContains(failure.getMessage(), "V2__tidy.sql drops or renames the history table public.flyway_schema_history",
                "rolled back: nothing of V2 was kept");
        assertFalse(db.tableExists("orders"));
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
    }

    @Test
    void aMigrationThatRenamesTheHistoryTableIsNamedToo(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", "CREATE TABLE users (id int);\n")
                .file("V2__rename.sql", "ALTER TABLE users ADD COLUMN email text;\nALTER TABLE flyway_schema_history RENAME TO old_history;\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertContains(failure.getMessage(), "V2__rename.sql drops or renames the history table", "nothing of V2 was kept");
        assertFalse(db.tableExists("old_history"));
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
        assertEquals(List.of("id"), db.column("SELECT attname FROM pg_attribute WHERE attrelid = 'users'::regclass AND attnum > 0"));
    }

    @Test
    void flywaysOwnHistoryTableSqlFailingIsNamedWithItsSqlState(TestDatabase db) throws Exception {
        // the index Flyway gives its history table is <table>_s_idx: here another table already holds that name
        db.execute("CREATE TABLE flyway_schema_history_s_idx (id int)");
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", "CREATE TABLE users (id int);\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertContains(failure.getMessage(), "Flyway could not create the history table", "public.flyway_schema_history",
                "SQLSTATE 42P07", "flyway_schema_history_s_idx", "<table>");
        assertFalse(failure.getMessage().startsWith(", line"), failure.getMessage());
        assertEquals(List.of("flyway_schema_history_s_idx"),
                db.column("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1"));
    }
}
