package io.schemaguard.reliability;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Inputs that used to fail with a message about something else (a lost connection, a null
 * that cannot be formatted, a duplicate version) or not at all: each gets one message that
 * names the real problem, and nothing is changed.
 */
@ExtendWith(PostgresExtension.class)
class ClearMessagesTest {
    private static final String USERS = "CREATE TABLE users (id uuid PRIMARY KEY, email varchar(255) NOT NULL);\n";
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations migrations() {
        return new Migrations(dir.resolve("db")).file("V1__users.sql", USERS);
    }

    private static List<String> tables(TestDatabase db) throws Exception {
        return db.column("SELECT schemaname || '.' || tablename FROM pg_tables"
                + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void aNulByteInAMigrationIsNamedWithItsFileAndLineBeforeAnythingRuns(TestDatabase db) throws Exception {
        Migrations migrations = migrations().file("V2__orders.sql", "CREATE TABLE orders (id int);\n-- note\nCREATE TABLE x (a text DEFAULT 'a\0b');\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertContains(failure.getMessage(), "V2__orders.sql, line 3", "NUL byte", "Nothing was applied");
        assertEquals(List.of(), tables(db), "nothing ran, V1 included; no history table");
    }

    @Test
    void aNulByteIsRefusedByADryRunToo(TestDatabase db) throws Exception {
        Migrations migrations = migrations().file("V2__orders.sql", "CREATE TABLE orders (id int\0);\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.dryRunSettings(db)));

        assertContains(failure.getMessage(), "V2__orders.sql, line 1", "NUL byte");
        assertEquals(List.of(), tables(db));
    }

    @Test
    void aCurrentSchemaInTheUrlThatDoesNotExistIsNamed(TestDatabase db) throws Exception {
        Migrations migrations = migrations();
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "currentSchema=nowhere";
        MigrationSettings settings = migrations.settings(new ConnectionSettings(url, db.user(), db.password()), null, GuardMode.VERIFY);

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(settings));

        assertContains(failure.getMessage(), "no schema on its search path (nowhere) exists", "currentSchema", "<schemas>");
        assertFalse(failure.getMessage().contains("null values"), failure.getMessage());
        assertEquals(List.of(), tables(db));
        assertEquals(0, Integer.parseInt(db.single("SELECT count(*) FROM pg_namespace WHERE nspname = 'nowhere'")), "no schema created");
    }

    @Test
    void aStampGivenBothVersionAndTargetIsRefusedNamingBoth(TestDatabase db) throws Exception {
        Migrations migrations = migrations().file("V2__orders.sql", "CREATE TABLE orders (id int);\n");
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        List<String> history = db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.stamp(migrations.settings(db, "2", GuardMode.VERIFY),
                new StampSettings("1", false, false), ShadowSettings.automatic(), CLASSPATH_BINARIES));

        assertContains(failure.getMessage(), "version=1", "target=2", "-Dschema.version");
        assertEquals(history, db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"), "history unchanged");
    }

    @Test
    void aSymlinkLoopUnderALocationIsNamed(TestDatabase db) throws Exception {
        Migrations migrations = migrations();
        Path loop = migrations.dir().resolve("sub").resolve("back");
        Files.createDirectories(loop.getParent());
        Files.createSymbolicLink(loop, migrations.dir());

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertContains(failure.getMessage(), "symbolic link", "loop", loop.toString());
        assertFalse(failure.getMessage().contains("more than one migration"), failure.getMessage());
        assertEquals(List.of(), tables(db));
    }
}
