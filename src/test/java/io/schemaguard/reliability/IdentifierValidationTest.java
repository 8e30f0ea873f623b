package io.schemaguard.reliability;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.Log;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
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

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code table}, {@code schemas} and {@code defaultSchema} end up in SQL that Flyway and the plugin
 * write: they are refused, before anything connects, unless they are plain identifiers short
 * enough for every name derived from them.
 */
@ExtendWith(PostgresExtension.class)
class IdentifierValidationTest {
    private static final String INJECTION = "x\" PRIMARY KEY (installed_rank);DROP TABLE orders;SELECT $q$;--";

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private MigrationSettings settings(TestDatabase db, List<String> schemas, String defaultSchema, String table) {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", "CREATE TABLE users (id int PRIMARY KEY);\n");
        return new MigrationSettings(new ConnectionSettings(db.url(), db.user(), db.password()), schemas, defaultSchema,
                List.of("filesystem:" + migrations.dir().toAbsolutePath()), table, Map.of(), null, GuardMode.VERIFY, false);
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    private static void assertNothingBuilt(TestDatabase db) throws Exception {
        assertEquals(List.of("orders"), db.column("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                + " AND relkind = 'r' ORDER BY 1"), "orders is still there, and nothing else was created");
        assertEquals("3", db.single("SELECT count(*) FROM orders"));
    }

    private static void orders(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE orders (id int); INSERT INTO orders VALUES (1), (2), (3)");
    }

    @Test
    void aTableNameCarryingSqlIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        orders(db);

        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> engine.upgrade(settings(db, List.of(), null, INJECTION)));

        assertContains(failure.getMessage(), "table", "plain identifier", "letters, digits");
        assertNothingBuilt(db);
    }

    @Test
    void aSchemaNameCarryingSqlIsRefused(TestDatabase db) throws Exception {
        orders(db);

        IllegalArgumentException schemas = assertThrows(IllegalArgumentException.class,
                () -> engine.upgrade(settings(db, List.of("public", "a\"; DROP TABLE orders; --"), null, null)));
        IllegalArgumentException defaultSchema = assertThrows(IllegalArgumentException.class,
                () -> engine.upgrade(settings(db, List.of(), "Tenant \"A\"", null)));

        assertContains(schemas.getMessage(), "schemas", "plain identifier");
        assertContains(defaultSchema.getMessage(), "defaultSchema", "Tenant \"A\"", "plain identifier");
        assertNothingBuilt(db);
    }

    @Test
    void aTableNameTooLongForTheNamesDerivedFromItIsRefused(TestDatabase db) throws Exception {
        orders(db);
        String longest = "h".repeat(50);

        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> engine.upgrade(settings(db, List.of(), null, longest + "x")));
        IllegalArgumentException multibyte = assertThrows(IllegalArgumentException.class,
                () -> engine.upgrade(settings(db, List.of(), null, "ä".repeat(26))));

        assertContains(failure.getMessage(), "table", "51 bytes", "at most 50", longest + "x_audit_id_seq", "63");
        assertContains(multibyte.getMessage(), "52 bytes");
        assertNothingBuilt(db);
        db.execute("CREATE TABLE users (id int PRIMARY KEY)"); // adopted: the audit table is written too
        engine.upgrade(settings(db, List.of(), null, longest));
        assertEquals(List.of(longest, longest + "_audit", longest + "_audit_id_seq", longest + "_audit_pkey", longest + "_pk",
                        longest + "_s_idx", "orders", "users", "users_pkey"),
                db.column("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1"),
                "the longest accepted name has all its derived names whole");
    }

    @Test
    void aSchemaNameLongerThanPostgresKeepsIsRefused(TestDatabase db) throws Exception {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> engine.upgrade(settings(db, List.of("s".repeat(64)), null, null)));

        assertContains(failure.getMessage(), "schemas", "64 bytes", "63");
    }
}
