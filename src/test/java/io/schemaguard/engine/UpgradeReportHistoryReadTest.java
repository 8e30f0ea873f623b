package io.schemaguard.engine;

import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The upgrade's report says what the history holds after the run, also when a migration wrote to the history itself. */
@ExtendWith(PostgresExtension.class)
class UpgradeReportHistoryReadTest {
    @TempDir
    Path dir;

    @Test
    void aRowAMigrationAddsToTheHistoryShowsInTheVersionAfter(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
                // as another tool would: a row for a version of no file here
                .file("V2__imported.sql", """
                        CREATE TABLE imported (id bigint PRIMARY KEY);
                        INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                        VALUES (100, '9', 'elsewhere', 'SQL', 'V9__elsewhere.sql', 1, current_user, 0, true);
                        """);

        UpgradeReport report = new SchemaEngine(new RecordingLog()).upgrade(migrations.settings(db));

        assertEquals(List.of("V1__users.sql", "V2__imported.sql"), report.outcomes().stream().map(MigrationOutcome::script).toList());
        assertEquals("9", report.versionAfter());
    }

    @Test
    void theRunsOwnMigrationsMakeTheVersionAfter(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
                .file("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
        new SchemaEngine(new RecordingLog()).upgrade(migrations.settings(db, "1", io.schemaguard.settings.GuardMode.VERIFY));

        UpgradeReport report = new SchemaEngine(new RecordingLog()).upgrade(migrations.settings(db));

        assertEquals("1", report.versionBefore());
        assertEquals("2", report.versionAfter());
        assertEquals(List.of("V2__orders.sql"), report.outcomes().stream().map(MigrationOutcome::script).toList());
    }
}
