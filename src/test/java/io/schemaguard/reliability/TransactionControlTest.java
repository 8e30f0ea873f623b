package io.schemaguard.reliability;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.DowngradeTarget;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A migration that commits, rolls back or opens a transaction of its own would keep half of
 * itself without a history row (a dry run's included), or be recorded as applied with nothing
 * built: such statements are refused, with file and line, before anything runs.
 */
@ExtendWith(PostgresExtension.class)
class TransactionControlTest {
    private static final String USERS = "CREATE TABLE users (id int PRIMARY KEY);\n";

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations migrations() {
        return new Migrations(dir.resolve("db")).file("V1__users.sql", USERS);
    }

    private static List<String> relations(TestDatabase db) throws Exception {
        return db.column("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1");
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void aCommitInsideAMigrationIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        Migrations migrations = migrations().file("V2__orders.sql", "CREATE TABLE orders (id int);\n-- done\nCOMMIT;\nCREATE TABLE invoices (id int);\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertContains(failure.getMessage(), "V2__orders.sql, line 3: COMMIT controls the transaction", "Nothing was applied");
        assertEquals(List.of(), relations(db), "not even V1 ran, and no history table was created");
    }

    @Test
    void aDryRunWithACommitPersistsNothing(TestDatabase db) throws Exception {
        Migrations migrations = migrations().file("V2__orders.sql", "CREATE TABLE orders (id int);\nCOMMIT;\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.dryRunSettings(db)));

        assertContains(failure.getMessage(), "V2__orders.sql, line 2: COMMIT");
        assertEquals(List.of(), relations(db), "the dry run kept nothing");
    }

    @Test
    void aRollbackInsideAMigrationIsNotRecordedAsApplied(TestDatabase db) throws Exception {
        Migrations migrations = migrations();
        engine.upgrade(migrations.settings(db));
        migrations.file("V2__orders.sql", "CREATE TABLE orders (id int);\nROLLBACK;\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertContains(failure.getMessage(), "V2__orders.sql, line 2: ROLLBACK");
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
        assertFalse(db.tableExists("orders"));
    }

    @Test
    void everyTransactionControlStatementIsRefusedInAnyMode(TestDatabase db) throws Exception {
        Migrations migrations = migrations();
        engine.upgrade(migrations.settings(db));
        List<String> before = relations(db);
        List<String> commands = List.of("BEGIN", "begin work", "START TRANSACTION ISOLATION LEVEL SERIALIZABLE", "COMMIT AND CHAIN",
                "END", "ABORT", "SAVEPOINT s", "RELEASE SAVEPOINT s", "release s", "ROLLBACK TO SAVEPOINT s", "rollback to s",
                "PREPARE TRANSACTION 'x'", "COMMIT PREPARED 'x'", "ROLLBACK PREPARED 'x'", "/* a /* nested */ comment */ commit");
        for (String command : commands) {
            migrations.file("V2__orders.sql", "CREATE TABLE orders (id int);\n" + command + ";\n");
            for (GuardMode guard : GuardMode.values()) {
                SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db, null, guard)),
                        command + " with guard " + guard);
                assertContains(failure.getMessage(), "V2__orders.sql, line 2: ", "controls the transaction");
            }
            assertEquals(before, relations(db), command);
        }
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
    }

    @Test
    void beginAndEndInsideBodiesAreNotTransactionControl(TestDatabase db) throws Exception {
        Migrations migrations = migrations().file("V2__bodies.sql", """
                CREATE FUNCTION answer() RETURNS integer LANGUAGE sql
                BEGIN ATOMIC
                  SELECT 41;
                  SELECT 42;
                END;
                CREATE FUNCTION plus_one(i integer) RETURNS integer LANGUAGE plpgsql AS $$
                BEGIN
                  RETURN i + 1;
                END
                $$;
                DO $$ BEGIN CREATE TABLE made_in_do (id int); END $$;
                CREATE TABLE begin_log ("begin" int, "commit" int);
                """);

        engine.upgrade(migrations.settings(db));

        assertEquals(List.of("1", "2"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
        assertEquals("42", db.single("SELECT answer()"));
        assertTrue(db.tableExists("made_in_do"));
    }

    @Test
    void anUndoScriptWithACommitIsRefusedBeforeAnythingIsUndone(TestDatabase db) throws Exception {
        Migrations migrations = migrations().file("V2__orders.sql", "CREATE TABLE orders (id int);\n")
                .file("U2__orders.sql", "DROP TABLE orders;\nCOMMIT;\n");
        engine.upgrade(migrations.settings(db));
        List<String> before = relations(db);

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.downgrade(migrations.settings(db), DowngradeTarget.toVersion("1")));

        assertContains(failure.getMessage(), "U2__orders.sql, line 2: COMMIT", "Nothing was changed");
        assertEquals(before, relations(db));
        assertEquals(List.of("1", "2"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
    }
}
