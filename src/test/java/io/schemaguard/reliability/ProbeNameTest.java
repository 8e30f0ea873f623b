package io.schemaguard.reliability;

import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
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

/**
 * The guard finds the object a statement collided with under the name PostgreSQL gave it (cut to
 * 63 bytes), and moves it aside under a name no object of the user's can hold.
 */
@ExtendWith(PostgresExtension.class)
class ProbeNameTest {
    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private List<MigrationOutcome.Kind> upgrade(TestDatabase db, String sql) {
        UpgradeReport report = engine.upgrade(new Migrations(dir.resolve("db")).file("V1__create.sql", sql).settings(db));
        return report.outcomes().stream().map(MigrationOutcome::kind).toList();
    }

    private static List<String> relations(TestDatabase db) throws Exception {
        return db.column("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname NOT LIKE 'flyway%' ORDER BY 1");
    }

    @Test
    void anIdenticalTableWithANameLongerThanPostgresKeepsIsAdopted(TestDatabase db) throws Exception {
        String name = "customer_invoice_line_item_adjustment_history_by_region_and_quarter"; // 67 bytes: kept as 63
        String sql = "CREATE TABLE " + name + " (id int PRIMARY KEY, amount numeric(12, 2) NOT NULL);\n";
        db.execute(sql);
        List<String> before = relations(db);

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED), upgrade(db, sql));
        assertEquals(before, relations(db));
    }

    @Test
    void aQuotedMultibyteNameIsCutOnACharacterBoundary(TestDatabase db) throws Exception {
        String name = "\"" + "Ä".repeat(40) + "\""; // 80 bytes: PostgreSQL keeps 31 characters (62 bytes), not half of the 32nd
        String sql = "CREATE TABLE " + name + " (id int);\n";
        db.execute(sql);

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED), upgrade(db, sql));
        assertEquals(List.of("Ä".repeat(31)), relations(db));
    }

    @Test
    void aDifferentTableWithALongNameIsComparedAndRefusedWithItsDifference(TestDatabase db) throws Exception {
        String name = "x".repeat(70);
        db.execute("CREATE TABLE " + name + " (id int)");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> upgrade(db, "CREATE TABLE " + name + " (id bigint);\n"));

        assertTrue(failure.getMessage().contains("column id"), failure.getMessage());
        assertFalse(failure.getMessage().contains("another object holds that name"), failure.getMessage());
    }

    @Test
    void aUserTableNamedLikeTheProbesOldNameDoesNotBlockAdoption(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE users__sg_probe (note text);"
                + " CREATE TABLE users_pkey__sg_probe1 (note text); INSERT INTO users__sg_probe VALUES ('mine')");

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED), upgrade(db, "CREATE TABLE users (id int PRIMARY KEY);\n"));
        assertEquals(List.of("users", "users__sg_probe", "users_pkey", "users_pkey__sg_probe1"), relations(db));
        assertEquals("mine", db.single("SELECT note FROM users__sg_probe"));
    }
}
