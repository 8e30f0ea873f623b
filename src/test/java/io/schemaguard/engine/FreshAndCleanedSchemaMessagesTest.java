package io.schemaguard.engine;

import io.schemaguard.settings.FlywayOptions;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What an upgrade says on a fresh database and after {@code schema:clean}: Flyway's "does not exist yet" once, and a cleaned
 * schema (which keeps this plugin's audit table) migrated as an empty one, without adoption.
 */
// Flyway's log factory is process-wide: while these tests read Flyway's own lines, no other class runs Flyway.
@Isolated
@ExtendWith(PostgresExtension.class)
class FreshAndCleanedSchemaMessagesTest {
    private static final String USERS = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n";
    private static final String NOTES = "CREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n";

    @TempDir
    Path dir;

    private Migrations two() {
        return new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__notes.sql", NOTES);
    }

    private static MigrationSettings cleanEnabled(MigrationSettings settings) {
        return settings.withFlyway(FlywayOptions.of(Map.of("cleanDisabled", "false")));
    }

    private static long count(RecordingLog log, String part) {
        return log.lines().stream().filter(l -> l.contains(part)).count();
    }

    @Test
    void aFreshDatabaseIsToldOnceThatTheHistoryTableDoesNotExistYet(TestDatabase db) throws Exception {
        RecordingLog log = new RecordingLog();

        UpgradeReport report = new SchemaEngine(log).upgrade(two().settings(db));

        assertEquals("2", report.versionAfter());
        assertEquals(1, count(log, "Schema history table \"public\".\"flyway_schema_history\" does not exist yet"), log.lines().toString());
    }

    @Test
    void aCleanedSchemaIsMigratedAsAnEmptyOneTheAuditTableKept(TestDatabase db) throws Exception {
        Migrations migrations = two();
        new SchemaEngine(new RecordingLog()).upgrade(migrations.settings(db));
        new SchemaEngine(new RecordingLog()).clean(cleanEnabled(migrations.settings(db)), false);
        assertFalse(db.tableExists("public.flyway_schema_history") || db.tableExists("public.users"));
        RecordingLog log = new RecordingLog();

        UpgradeReport again = new SchemaEngine(log).upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.APPLIED, MigrationOutcome.Kind.APPLIED),
                again.outcomes().stream().map(MigrationOutcome::kind).toList());
        assertNull(again.versionBefore());
        assertEquals("2", again.versionAfter());
        assertEquals(List.of("1", "2"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
        assertEquals(List.of("cleaned"), db.column("SELECT decision FROM flyway_schema_history_audit WHERE decision = 'cleaned'"));
        for (String adoptionWording : List.of("holds objects", "no history table", "adopt", "baseline", "replay", "shadow")) {
            assertEquals(0, count(log, adoptionWording), adoptionWording + " in " + log.lines());
        }
        assertEquals(1, count(log, "Creating Schema History table \"public\".\"flyway_schema_history\""), log.lines().toString());
    }

    @Test
    void aCleanedSchemaIsMigratedWithTheGuardOffToo(TestDatabase db) throws Exception {
        Migrations migrations = two();
        new SchemaEngine(new RecordingLog()).upgrade(migrations.settings(db));
        new SchemaEngine(new RecordingLog()).clean(cleanEnabled(migrations.settings(db)), false);

        UpgradeReport again = new SchemaEngine(new RecordingLog()).upgrade(migrations.settings(db, null, GuardMode.OFF));

        assertEquals("2", again.versionAfter());
        assertTrue(db.tableExists("public.users") && db.tableExists("public.notes"));
    }

    @Test
    void aDryRunAfterACleanChangesNothing(TestDatabase db) throws Exception {
        Migrations migrations = two();
        new SchemaEngine(new RecordingLog()).upgrade(migrations.settings(db));
        new SchemaEngine(new RecordingLog()).clean(cleanEnabled(migrations.settings(db)), false);
        RecordingLog log = new RecordingLog();

        UpgradeReport dryRun = new SchemaEngine(log).upgrade(migrations.dryRunSettings(db));

        assertEquals("2", dryRun.versionAfter());
        assertFalse(db.tableExists("public.flyway_schema_history") || db.tableExists("public.users"), "a dry run changes nothing");
        assertEquals(0, count(log, "holds objects"), log.lines().toString());
    }
}
