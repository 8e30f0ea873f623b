package io.schemaguard.reliability;

import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.testing.Backends;
import io.schemaguard.testing.Gate;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProbeLeftovers;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The server ends the migrating session (pg_terminate_backend, as an administrator or a server
 * shutdown does) while a migration runs: the build fails with a clear message, nothing of the
 * migration is kept, and the next upgrade completes.
 */
@ExtendWith(PostgresExtension.class)
class ServerFaultTest {
    private static final String V1 = "CREATE TABLE gate (id integer PRIMARY KEY);\n"
            + "CREATE TABLE users (id uuid PRIMARY KEY, email varchar(255) NOT NULL);\n";

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations atV1(TestDatabase db, String v2) {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__base.sql", V1).file("V2__cut_off.sql", v2);
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        return migrations;
    }

    /** Starts an upgrade, waits until it blocks on the gate, terminates its session there, and returns what the upgrade threw. */
    private SchemaFailure terminatedAtTheGate(TestDatabase db, Migrations migrations) throws Exception {
        try (Gate gate = Gate.hold(db, "LOCK TABLE gate IN ACCESS EXCLUSIVE MODE")) {
            CompletableFuture<UpgradeReport> upgrade = CompletableFuture.supplyAsync(() -> engine.upgrade(migrations.settings(db)));
            int backend = gate.awaitBlockedBackend();
            Backends.terminate(db, backend);
            Backends.awaitGone(db, backend);
            ExecutionException thrown = assertThrows(ExecutionException.class, upgrade::get);
            assertInstanceOf(SchemaFailure.class, thrown.getCause(), String.valueOf(thrown.getCause()));
            return (SchemaFailure) thrown.getCause();
        }
    }

    private static List<String> appliedVersions(TestDatabase db) throws Exception {
        return db.column("SELECT version || CASE WHEN success THEN '' ELSE ' failed' END FROM flyway_schema_history ORDER BY installed_rank");
    }

    @Test
    void aSessionTerminatedMidMigrationFailsClearlyAndTheNextRunCompletes(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, """
                CREATE TABLE orders (id bigint PRIMARY KEY, user_id uuid REFERENCES users (id));
                SELECT count(*) FROM gate;
                CREATE TABLE order_lines (id bigint PRIMARY KEY);
                """);

        SchemaFailure failure = terminatedAtTheGate(db, migrations);

        String message = failure.getMessage();
        assertTrue(message.startsWith("V2__cut_off.sql, line 2: the connection to the database was lost (SQLSTATE 57P01)"), message);
        assertTrue(message.contains("Nothing of V2 was kept"), message);
        assertTrue(message.contains("run the upgrade again"), message);
        assertNull(db.single("SELECT to_regclass('public.orders')"), "no partial object");
        assertEquals(List.of("1"), appliedVersions(db), "no history row, not even a failed one");

        UpgradeReport next = engine.upgrade(migrations.settings(db));
        assertEquals(List.of(MigrationOutcome.Kind.APPLIED), next.outcomes().stream().map(MigrationOutcome::kind).toList());
        assertEquals(List.of("1", "2"), appliedVersions(db));
    }

    /**
     * CREATE INDEX CONCURRENTLY runs outside a transaction and commits the index's catalog entry
     * before it builds the index: cut off while it waits for a writer, it leaves an INVALID index
     * under the name. The next upgrade must not take that leftover for the index it builds.
     */
    @Test
    void anIndexLeftInvalidByAnInterruptedConcurrentBuildIsRebuiltByTheNextUpgrade(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, "CREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n");
        SchemaFailure failure;
        try (Gate writer = Gate.hold(db, "INSERT INTO users VALUES (gen_random_uuid(), 'pending@example.com')")) {
            CompletableFuture<UpgradeReport> upgrade = CompletableFuture.supplyAsync(() -> engine.upgrade(migrations.settings(db)));
            int backend = writer.awaitBlockedBackend();
            Backends.terminate(db, backend);
            Backends.awaitGone(db, backend);
            ExecutionException thrown = assertThrows(ExecutionException.class, upgrade::get);
            failure = assertInstanceOf(SchemaFailure.class, thrown.getCause());
        }
        assertTrue(failure.getMessage().toLowerCase().contains("the connection to the database was lost"), failure.getMessage());
        assertTrue(failure.getMessage().contains("run the upgrade again"), failure.getMessage());
        assertEquals("f", db.single("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.idx_users_email'::regclass"),
                "PostgreSQL left the index invalid");
        assertEquals(List.of("1"), appliedVersions(db));

        UpgradeReport next = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.APPLIED), next.outcomes().stream().map(MigrationOutcome::kind).toList());
        assertEquals("t", db.single("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.idx_users_email'::regclass"));
        assertEquals(List.of("1", "2"), appliedVersions(db));
        ProbeLeftovers.assertNone(db);
    }

    /** Heavy: the session ends while the guard's probe has the incumbent moved aside. */
    @Test
    @EnabledIfSystemProperty(named = "schema.test.heavy", matches = "true")
    void aSessionTerminatedDuringAProbeLeavesTheIncumbentInPlace(TestDatabase db) throws Exception {
        String child = "CREATE TABLE child (id integer PRIMARY KEY, gate_id integer REFERENCES gate (id));\n";
        Migrations migrations = atV1(db, child);
        db.execute(child);

        SchemaFailure failure = terminatedAtTheGate(db, migrations);

        assertTrue(failure.getMessage().contains("SQLSTATE 57P01"), failure.getMessage());
        ProbeLeftovers.assertNone(db);
        assertEquals("public", db.single("SELECT relnamespace::regnamespace::text FROM pg_class WHERE relname = 'child'"));
        assertEquals(List.of("1"), appliedVersions(db));
        UpgradeReport next = engine.upgrade(migrations.settings(db));
        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED), next.outcomes().stream().map(MigrationOutcome::kind).toList());
    }
}
