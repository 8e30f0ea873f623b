package io.schemaguard.engine;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.BaselineSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.testing.JsonReader;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The JSON report of baseline, read back as a CI job reads it: recorded, refused, and failed otherwise. */
@ExtendWith(PostgresExtension.class)
class BaselineReportJsonTest {
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;
    private static final String USERS = "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);\n";
    private static final String ORDERS = "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));\n";

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations two() {
        return new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__orders.sql", ORDERS);
    }

    private BaselineReport baseline(Migrations migrations, TestDatabase db, String version) {
        return engine.baseline(migrations.settings(db), new BaselineSettings(version, "restored from production", false, false),
                ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    @Test
    void aRecordedBaselineTellsItsVersionAndTheMigrationsItCovers(TestDatabase db) throws Exception {
        db.execute(USERS); // what V1 builds, made by hand

        Map<String, Object> json = JsonReader.object(baseline(two(), db, "1").json());

        assertEquals("baselined", json.get("outcome"));
        assertEquals("1", json.get("version"));
        assertEquals("restored from production", json.get("description"));
        assertEquals(false, json.get("dryRun"));
        assertEquals(List.of("V1__users.sql"), json.get("covered"));
        assertEquals(List.of(), json.get("unverified"));
        assertNull(json.get("failure"));
        assertEquals(List.of("1 BASELINE"), db.column("SELECT version || ' ' || type FROM flyway_schema_history WHERE version IS NOT NULL"));
    }

    @Test
    void aRefusedBaselineWritesItsReportWithTheRefusal(TestDatabase db) throws Exception {
        db.execute(USERS + "CREATE TABLE orders (id bigint PRIMARY KEY, user_id integer);"); // orders differs from V2's

        RecordingRefusal refusal = assertThrows(RecordingRefusal.class, () -> baseline(two(), db, "2"));
        Map<String, Object> json = JsonReader.object(refusal.report().json());

        assertEquals("refused", json.get("outcome"));
        assertEquals("2", json.get("version"));
        assertEquals(List.of("V1__users.sql", "V2__orders.sql"), json.get("covered"));
        Map<String, Object> failure = JsonReader.asObject(json.get("failure"));
        assertEquals("refused", failure.get("kind"));
        assertEquals(refusal.getMessage(), failure.get("message"));
        Map<String, Object> orders = JsonReader.asObjects(json.get("unverified")).get(0);
        assertTrue(orders.get("object").toString().contains("public.orders"), orders.toString());
        assertTrue(JsonReader.asObjects(orders.get("differences")).stream().anyMatch(d -> String.valueOf(d.get("subject")).contains("user_id")),
                orders.toString());
        assertFalse(db.tableExists("public.flyway_schema_history"), "a refusal records nothing");
    }

    @Test
    void aBaselineRefusedForItsExistingHistoryIsReportedAsFailedWithTheMessage(TestDatabase db) throws Exception {
        Migrations migrations = two();
        engine.upgrade(migrations.settings(db));

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> baseline(migrations, db, "1"));
        Map<String, Object> json = JsonReader.object(BaselineReport.failureJson("1", "restored from production", false, failure,
                s -> s.replace("flyway_schema_history", "******")));

        assertEquals("failed", json.get("outcome"));
        assertEquals("1", json.get("version"));
        assertEquals("failed", JsonReader.asObject(json.get("failure")).get("kind"));
        String message = (String) JsonReader.asObject(json.get("failure")).get("message");
        assertTrue(message.startsWith("Cannot baseline") && message.contains("******") && !message.contains("flyway_schema_history"), message);
    }
}
