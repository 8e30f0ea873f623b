package io.schemaguard.engine;

import io.schemaguard.settings.GuardMode;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Each migration's line says where the run is, {@code [2/3]}; Flyway's "Database:" line is not repeated at info. */
// Flyway's log factory is process-wide: while these tests read Flyway's own lines, no other class runs Flyway.
@Isolated
@ExtendWith(PostgresExtension.class)
class MigrationCounterTest {
    @TempDir
    Path dir;

    private Migrations three() {
        return new Migrations(dir.resolve("db"))
                .file("V1__users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
                .file("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n")
                .file("V3__notes.sql", "CREATE TABLE notes (id bigint PRIMARY KEY);\n");
    }

    private static List<String> matching(RecordingLog log, String start) {
        return log.lines().stream().filter(l -> l.startsWith(start) || l.matches("\\[\\d+/\\d+] " + java.util.regex.Pattern.quote(start) + ".*"))
                .toList();
    }

    @Test
    void eachMigrationLineCarriesItsPositionAmongThoseThisRunApplies(TestDatabase db) throws Exception {
        Migrations migrations = three();
        new SchemaEngine(new RecordingLog()).upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        RecordingLog log = new RecordingLog();

        UpgradeReport report = new SchemaEngine(log).upgrade(migrations.settings(db));

        assertEquals(List.of("[1/2] Migrating schema \"public\" to version \"2 - orders\"",
                "[2/2] Migrating schema \"public\" to version \"3 - notes\""), matching(log, "Migrating "));
        assertEquals(List.of("[1/2] applied   V2__orders.sql", "[2/2] applied   V3__notes.sql"),
                report.lines().stream().map(l -> l.replaceAll(" \\(\\d+ ms\\)$", "")).toList());
    }

    @Test
    void aMigrationAdoptedAfterARefusalKeepsItsNumberAndTheNextGoesOn(TestDatabase db) throws Exception {
        Migrations migrations = three()
                .file("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE orders ADD COLUMN note text;\n");
        new SchemaEngine(new RecordingLog()).upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, note text);"); // V2's final result, made by hand
        RecordingLog log = new RecordingLog();

        UpgradeReport report = new SchemaEngine(log).upgrade(migrations.settings(db));

        assertEquals(List.of("[1/2] Migrating schema \"public\" to version \"2 - orders\"",
                "[2/2] Migrating schema \"public\" to version \"3 - notes\""), matching(log, "Migrating "), log.lines().toString());
        assertEquals(List.of("[1/2] adopted   V2__orders.sql", "[2/2] applied   V3__notes.sql"),
                report.lines().stream().map(l -> l.replaceAll(" \\(\\d+ ms\\)$", "")).toList());
    }

    @Test
    void aDryRunNumbersTheMigrationsItRuns(TestDatabase db) throws Exception {
        Migrations migrations = three();
        RecordingLog log = new RecordingLog();

        UpgradeReport report = new SchemaEngine(log).upgrade(migrations.dryRunSettings(db));

        assertEquals(List.of("[1/3] Dry run of V1__users.sql (rolled back at the end)", "[2/3] Dry run of V2__orders.sql (rolled back at the end)",
                "[3/3] Dry run of V3__notes.sql (rolled back at the end)"), matching(log, "Dry run of "));
        assertEquals("[3/3] would be applied   V3__notes.sql (0 statement(s) skipped)", report.lines().get(2));
    }

    @Test
    void flywaysDatabaseLineIsNotPrintedAtInfo(TestDatabase db) throws Exception {
        RecordingLog log = new RecordingLog();

        new SchemaEngine(log).upgrade(three().settings(db));

        assertEquals(List.of(), matching(log, "Database: "), log.lines().toString());
        assertFalse(log.lines().isEmpty());
    }
}
