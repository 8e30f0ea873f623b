package io.schemaguard.engine;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
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

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Stamp and verify compare every schema the migrations build objects in, not only the managed ones ({@code schemas=public}). */
@ExtendWith(PostgresExtension.class)
class SchemaScopeTest {
    private static final String APP = """
            CREATE SCHEMA app;
            CREATE TABLE app.accounts (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE public.users (id int PRIMARY KEY);
            """;
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations migrations() {
        return new Migrations(dir.resolve("db")).file("V1__app.sql", APP);
    }

    private StampReport stamp(Migrations migrations, TestDatabase db) {
        return engine.stamp(migrations.settings(db), new StampSettings("latest", false, false), ShadowSettings.automatic(),
                CLASSPATH_BINARIES);
    }

    private DriftReport verify(Migrations migrations, TestDatabase db) {
        return engine.verify(migrations.settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    @Test
    void stampRefusesATableOutsideTheManagedSchemasThatDiffers(TestDatabase db) throws Exception {
        db.execute(APP.replace("name text NOT NULL", "name text"));

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> stamp(migrations(), db));

        String message = refusal.getMessage();
        assertTrue(message.contains("  table app.accounts (built by V1__app.sql)"), message);
        assertTrue(message.matches("(?s).*column name +expected text NOT NULL +found text NULL.*"), message);
        assertFalse(db.tableExists("public.flyway_schema_history"), "nothing recorded");
    }

    @Test
    void stampRefusesWhenThatTableIsMissing(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA app; CREATE TABLE public.users (id int PRIMARY KEY)");

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> stamp(migrations(), db));

        assertTrue(refusal.getMessage().matches("(?s).*\n  table app\\.accounts \\(built by V1__app\\.sql\\) +expected table \\(2 columns\\) +found \\(missing\\)\n.*"),
                refusal.getMessage());
    }

    @Test
    void stampRecordsAnIdenticalOneAndIgnoresSchemasNoMigrationTouches(TestDatabase db) throws Exception {
        db.execute(APP + "CREATE SCHEMA reporting; CREATE TABLE reporting.daily (d date)");

        StampReport report = stamp(migrations(), db);

        assertEquals(StampReport.Outcome.STAMPED, report.outcome(), String.join("\n", report.lines()));
        assertEquals(List.of(), report.notes(), "reporting.daily is in no schema the migrations build in");
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history"));
    }

    @Test
    void verifyReportsDriftOutsideTheManagedSchemas(TestDatabase db) throws Exception {
        Migrations migrations = migrations();
        engine.upgrade(migrations.settings(db));
        db.execute("ALTER TABLE app.accounts ALTER COLUMN name DROP NOT NULL; CREATE TABLE app.hand_made (id int)");

        DriftReport report = verify(migrations, db);

        String text = String.join("\n", report.text());
        assertTrue(report.drift(), text);
        assertEquals(1, report.different(), text);
        assertEquals(1, report.extra(), text);
        assertTrue(text.matches("(?s).*table app.accounts\n  column name +expected text NOT NULL +found text NULL.*"), text);
        assertTrue(text.endsWith("(schemas public, app at version 1)."), text);
    }

    @Test
    void verifyIsCleanWhenThatSchemaIsAsBuiltWhateverOtherSchemasHold(TestDatabase db) throws Exception {
        Migrations migrations = migrations();
        engine.upgrade(migrations.settings(db));
        db.execute("CREATE SCHEMA reporting; CREATE TABLE reporting.daily (d date)");

        DriftReport report = verify(migrations, db);

        assertFalse(report.drift(), String.join("\n", report.text()));
        assertEquals(List.of("public", "app"), report.schemas());
    }
}
