package io.schemaguard.reliability;

import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProbeLeftovers;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad input gets one clear message and changes nothing (SPEC §8). UpgradeAndHistoryTest covers
 * the connection problems, syntax errors, malformed names, missing locations and checksum
 * mismatches; these are the others.
 */
@ExtendWith(PostgresExtension.class)
class BadInputTest {
    private static final String USERS = "CREATE TABLE users (id uuid PRIMARY KEY, email varchar(255) NOT NULL);\n";

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations migrations() {
        return new Migrations(dir.resolve("db")).file("V1__users.sql", USERS);
    }

    /** Every relation, routine and type outside the system schemas, with its schema. */
    private static List<String> objects(TestDatabase db) throws Exception {
        return db.column("""
                SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
                UNION ALL SELECT n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                ORDER BY 1""");
    }

    private SchemaFailure refused(TestDatabase db, MigrationSettings settings) throws Exception {
        List<String> before = objects(db);
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(settings));
        assertEquals(before, objects(db), "the database is unchanged");
        return failure;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void twoMigrationsWithTheSameVersionAreRefused(TestDatabase db) throws Exception {
        Migrations migrations = migrations().file("V2__orders.sql", "CREATE TABLE orders (id int);\n")
                .file("V2__invoices.sql", "CREATE TABLE invoices (id int);\n");

        SchemaFailure failure = refused(db, migrations.settings(db));

        assertContains(failure.getMessage(), "more than one migration with version 2", "V2__orders.sql", "V2__invoices.sql", "renumber");
    }

    @Test
    void anEmptyMigrationFileIsRefused(TestDatabase db) throws Exception {
        Migrations migrations = migrations().file("V2__nothing_yet.sql", "").file("V3__orders.sql", "CREATE TABLE orders (id int);\n");

        SchemaFailure failure = refused(db, migrations.settings(db));

        assertContains(failure.getMessage(), "V2__nothing_yet.sql", "empty");
    }

    @Test
    void aFileThatIsNotUtf8IsRefused(TestDatabase db) throws Exception {
        Migrations migrations = migrations();
        // 'café' in ISO-8859-1: the é is one byte, 0xE9, which is not UTF-8
        Files.write(migrations.dir().resolve("V2__latin1.sql"),
                "INSERT INTO users (id, email) VALUES (gen_random_uuid(), 'caf\u00e9@example.com');\n".getBytes("ISO-8859-1"));

        SchemaFailure failure = refused(db, migrations.settings(db));

        assertContains(failure.getMessage(), "V2__latin1.sql is not valid UTF-8", "save the file in that encoding");
    }

    @Test
    void aPlaceholderWithoutAValueIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        Migrations migrations = migrations().file("V2__tenant.sql", "CREATE TABLE ${tenant}_orders (id int);\n");

        SchemaFailure failure = refused(db, migrations.settings(db));

        assertContains(failure.getMessage(), "${tenant}", "V2__tenant.sql", "placeholders");
    }

    @Test
    void aMixedCaseSchemaIsManagedAndItsIdenticalTableAdopted(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA \"TenantA\"; CREATE TABLE \"TenantA\".users (id uuid PRIMARY KEY, email varchar(255) NOT NULL)");
        Migrations migrations = migrations().file("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, user_id uuid REFERENCES users (id));\n");
        MigrationSettings settings = new MigrationSettings(new ConnectionSettings(db.url(), db.user(), db.password()),
                List.of("TenantA"), null, List.of("filesystem:" + migrations.dir().toAbsolutePath()), null, Map.of(), null,
                GuardMode.VERIFY, false);

        UpgradeReport report = engine.upgrade(settings);

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.APPLIED),
                report.outcomes().stream().map(MigrationOutcome::kind).toList());
        assertEquals(List.of("TenantA.flyway_schema_history", "TenantA.flyway_schema_history_audit",
                        "TenantA.flyway_schema_history_audit_id_seq", "TenantA.flyway_schema_history_audit_pkey",
                        "TenantA.flyway_schema_history_pk", "TenantA.flyway_schema_history_s_idx",
                        "TenantA.orders", "TenantA.orders_pkey", "TenantA.users", "TenantA.users_pkey"),
                objects(db), "everything in the mixed-case schema, nothing in public");
        assertEquals("adopted", engine.history(settings).entries().get(0).state().label());
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void aSchemaWhoseNameNeedsQuotesIsRefusedBeforeConnecting(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA \"Tenant \"\"A\"\"\"; CREATE TABLE \"Tenant \"\"A\"\"\".users (id uuid PRIMARY KEY, email varchar(255) NOT NULL)");
        Migrations migrations = migrations();
        List<String> before = objects(db);

        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> engine.upgrade(new MigrationSettings(
                new ConnectionSettings(db.url(), db.user(), db.password()), List.of("Tenant \"A\""), null,
                List.of("filesystem:" + migrations.dir().toAbsolutePath()), null, Map.of(), null, GuardMode.VERIFY, false)));

        assertContains(failure.getMessage(), "schemas 'Tenant \"A\"'", "not a plain identifier");
        assertEquals(before, objects(db), "the database is unchanged");
    }

    @Test
    void aHistoryTableOfAnotherToolIsRefused(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE flyway_schema_history (id serial PRIMARY KEY, migration_name text NOT NULL, applied_at timestamptz);"
                + "INSERT INTO flyway_schema_history (migration_name) VALUES ('0001_initial')");

        SchemaFailure failure = refused(db, migrations().settings(db));

        assertContains(failure.getMessage(), "public.flyway_schema_history", "not a Flyway history table", "<table>");
        assertEquals(List.of("0001_initial"), db.column("SELECT migration_name FROM flyway_schema_history"));
    }

    @Test
    void aUserWhoMayOnlyReadIsRefusedWithAPermissionMessage(TestDatabase db) throws Exception {
        Migrations migrations = migrations();
        engine.upgrade(migrations.settings(db));
        migrations.file("V2__orders.sql", "CREATE TABLE orders (id int);\n");
        db.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC; CREATE ROLE reader LOGIN; GRANT CONNECT ON DATABASE " + db.name()
                + " TO reader; GRANT USAGE ON SCHEMA public TO reader");

        SchemaFailure failure = refused(db, migrations.settings(new ConnectionSettings(db.url(), "reader", null), null, GuardMode.VERIFY));

        assertContains(failure.getMessage(), "'reader'", "permission denied", "SQLSTATE 42501");
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history"));
    }
}
