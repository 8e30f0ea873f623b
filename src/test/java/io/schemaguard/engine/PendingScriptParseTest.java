package io.schemaguard.engine;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.FlywayOptions;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pending scripts are read once, as Flyway parses them, both for the checks made before the first migration runs
 * and for the run itself: what each check finds, and when it is reported, is what it was with a parse of their own.
 */
@ExtendWith(PostgresExtension.class)
class PendingScriptParseTest {
    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    @Test
    void aTransactionControlStatementInALaterMigrationIsRefusedBeforeTheFirstRuns(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__create_users.sql", "CREATE TABLE users (id integer PRIMARY KEY);\n")
                .file("V2__create_orders.sql", "CREATE TABLE orders (id integer PRIMARY KEY);\nCOMMIT;\nCREATE TABLE notes (id integer);\n");

        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(refused.getMessage().startsWith("V2__create_orders.sql, line 2: COMMIT controls the transaction"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("Nothing was applied."), refused.getMessage());
        assertFalse(db.tableExists("public.users"), "nothing ran");
        assertFalse(db.tableExists("public.orders"));
    }

    @Test
    void aMigrationMixingStatementsIsRefusedInItsTurnAfterTheOnesBeforeIt(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__create_users.sql", "CREATE TABLE users (id integer PRIMARY KEY, email text);\n")
                .file("V2__index_users.sql", "CREATE TABLE notes (id integer);\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n");

        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(refused.getMessage().contains("set <mixed>true</mixed> (-Dschema.mixed=true)"), refused.getMessage());
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"),
                "V1 ran and was recorded before V2's turn, as Flyway runs them");
        assertTrue(db.tableExists("public.users"));
        assertFalse(db.tableExists("public.notes"), "nothing of V2");

        MigrationSettings mixed = migrations.settings(db).withFlyway(FlywayOptions.of(Map.of("mixed", "true")));
        UpgradeReport report = engine.upgrade(mixed);
        assertEquals("2", report.versionAfter());
        assertEquals("users_email", db.single("SELECT indexname FROM pg_indexes WHERE indexname = 'users_email'"));
    }
}
