package io.schemaguard.engine;

import io.schemaguard.guard.GuardRefusal;
import io.schemaguard.output.Log;
import io.schemaguard.settings.DowngradeTarget;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/** The JSON reports of upgrade, stamp and downgrade, read back as a CI job reads them: on success and when the goal fails. */
@ExtendWith(PostgresExtension.class)
class GoalReportJsonTest {
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;
    private static final String USERS = "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);\n";
    private static final String ORDERS = "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));\n";
    private static final String NOTES = "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);\n";
    private static final UnaryOperator<String> NO_SECRETS = s -> s;

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations three() {
        return new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__orders.sql", ORDERS).file("V3__notes.sql", NOTES)
                .file("U2__orders.sql", "DROP TABLE orders;\n").file("U3__notes.sql", "DROP TABLE notes;\n");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void upgradeTellsEachMigrationsOutcomeTheSkippedStatementAndTheVersions(TestDatabase db) throws Exception {
        Migrations migrations = three();
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute(ORDERS); // V2's table made by hand, as V2 builds it

        Map<String, Object> json = JsonReader.object(engine.upgrade(migrations.settings(db)).json());

        assertEquals("upgraded", json.get("outcome"));
        assertEquals(false, json.get("dryRun"));
        assertEquals("1", json.get("versionBefore"));
        assertEquals("3", json.get("versionAfter"));
        assertNull(json.get("failure"));
        List<Map<String, Object>> ran = list(json.get("migrations"));
        assertEquals(List.of("V2__orders.sql", "V3__notes.sql"), ran.stream().map(m -> m.get("script")).toList());
        assertEquals(List.of("adopted", "applied"), ran.stream().map(m -> m.get("outcome")).toList());
        assertEquals(List.of(1L, 2L), ran.stream().map(m -> m.get("position")).toList());
        assertEquals("2", ran.get(0).get("version"));
        assertEquals("orders", ran.get(0).get("description"));
        Map<String, Object> skipped = list(ran.get(0).get("skipped")).get(0);
        assertEquals(1L, skipped.get("statement"));
        assertEquals("table public.orders", skipped.get("object"));
        assertEquals("statement 1: table public.orders already exists and is identical", skipped.get("decision"));
        assertEquals(List.of(), list(ran.get(1).get("skipped")));
    }

    @Test
    void anUpToDateDatabaseSaysSoAndADryRunSaysWhatWouldBeApplied(TestDatabase db) throws Exception {
        Migrations migrations = three();
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));

        Map<String, Object> dryRun = JsonReader.object(engine.upgrade(migrations.dryRunSettings(db)).json());
        assertEquals(true, dryRun.get("dryRun"));
        assertEquals("1", dryRun.get("versionBefore"));
        assertEquals("3", dryRun.get("versionAfter"));
        assertEquals(List.of("applied", "applied"), list(dryRun.get("migrations")).stream().map(m -> m.get("outcome")).toList());
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));

        engine.upgrade(migrations.settings(db));
        Map<String, Object> upToDate = JsonReader.object(engine.upgrade(migrations.settings(db)).json());
        assertEquals("up-to-date", upToDate.get("outcome"));
        assertEquals("3", upToDate.get("versionBefore"));
        assertEquals("3", upToDate.get("versionAfter"));
        assertEquals(List.of(), upToDate.get("migrations"));
    }

    @Test
    void aRefusedUpgradeTellsWhatItAppliedBeforeAndWhyItRefused(TestDatabase db) throws Exception {
        Migrations migrations = three();
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute("CREATE TABLE notes (id bigint PRIMARY KEY, body varchar(20));"); // differs from V3's

        AtomicReference<UpgradeReport> doneBefore = new AtomicReference<>();
        GuardRefusal refusal = assertThrows(GuardRefusal.class,
                () -> engine.upgrade(migrations.settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES, doneBefore::set));
        Map<String, Object> json = JsonReader.object(doneBefore.get().failureJson(refusal, NO_SECRETS));

        assertEquals("refused", json.get("outcome"));
        assertEquals("1", json.get("versionBefore"));
        assertEquals("2", json.get("versionAfter"));
        assertEquals(List.of("V2__orders.sql"), list(json.get("migrations")).stream().map(m -> m.get("script")).toList());
        assertEquals(List.of("applied"), list(json.get("migrations")).stream().map(m -> m.get("outcome")).toList());
        Map<String, Object> failure = map(json.get("failure"));
        assertEquals("refused", failure.get("kind"));
        assertEquals("V3__notes.sql", failure.get("script"));
        assertEquals("3", failure.get("version"));
        assertEquals(1L, failure.get("statement"));
        assertEquals(1L, failure.get("line"));
        assertEquals(refusal.getMessage(), failure.get("message"));
        Map<String, Object> object = list(failure.get("objects")).get(0);
        assertEquals("table public.notes", object.get("object"));
        List<?> differences = (List<?>) object.get("differences");
        assertTrue(differences.stream().anyMatch(d -> d.toString().startsWith("column body")), differences.toString());
        assertEquals(List.of("1", "2"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
    }

    @Test
    void aFailureThatIsNoRefusalIsReportedWithItsMessageAndMaskedSecrets(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__broken.sql", "SELECT 1/0;\n");

        AtomicReference<UpgradeReport> doneBefore = new AtomicReference<>();
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> engine.upgrade(migrations.settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES, doneBefore::set));
        Map<String, Object> json = JsonReader.object(doneBefore.get().failureJson(failure, s -> s.replace("V2__broken", "******")));

        assertEquals("failed", json.get("outcome"));
        assertNull(json.get("versionBefore"));
        assertEquals("1", json.get("versionAfter"));
        assertEquals(List.of("V1__users.sql"), list(json.get("migrations")).stream().map(m -> m.get("script")).toList());
        String message = (String) map(json.get("failure")).get("message");
        assertTrue(message.contains("******") && !message.contains("V2__broken"), message);
        assertEquals("failed", map(json.get("failure")).get("kind"));
    }

    @Test
    void aRefusedStampWritesItsReportWithTheRefusal(TestDatabase db) throws Exception {
        Migrations migrations = three();
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, user_id integer);");

        StampRefusal refusal = assertThrows(StampRefusal.class, () -> engine.stamp(migrations.settings(db),
                new StampSettings("2", false, false), ShadowSettings.automatic(), CLASSPATH_BINARIES));
        Map<String, Object> json = JsonReader.object(refusal.report().json());

        assertEquals("refused", json.get("outcome"));
        assertEquals("1", json.get("from"));
        assertEquals("2", json.get("to"));
        assertEquals(false, json.get("dryRun"));
        Map<String, Object> failure = map(json.get("failure"));
        assertEquals("refused", failure.get("kind"));
        assertEquals(refusal.getMessage(), failure.get("message"));
        List<Map<String, Object>> unverified = list(json.get("unverified"));
        assertTrue(unverified.get(0).get("object").toString().contains("public.orders"), unverified.toString());
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
    }

    @Test
    void aStampThatRecordsHasNoFailure(TestDatabase db) throws Exception {
        Migrations migrations = three();
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute(ORDERS);

        StampReport report = engine.stamp(migrations.settings(db), new StampSettings("2", false, false), ShadowSettings.automatic(),
                CLASSPATH_BINARIES);
        Map<String, Object> json = JsonReader.object(report.json());

        assertEquals("stamped", json.get("outcome"));
        assertEquals(List.of("V2__orders.sql"), json.get("migrations"));
        assertNull(json.get("failure"));
        assertTrue(report.lines().contains("[1/1] stamped  V2__orders.sql"), report.lines().toString());
    }

    @Test
    void downgradeTellsEachMigrationUndoneAndAFailedStepWithWhatWasUndoneBefore(TestDatabase db) throws Exception {
        Migrations migrations = three();
        engine.upgrade(migrations.settings(db));

        Map<String, Object> json = JsonReader.object(engine.downgrade(migrations.settings(db), DowngradeTarget.toVersion("2")).json());
        assertEquals("downgraded", json.get("outcome"));
        assertEquals("3", json.get("versionBefore"));
        assertEquals("2", json.get("versionAfter"));
        Map<String, Object> undone = list(json.get("migrations")).get(0);
        assertEquals(1L, undone.get("position"));
        assertEquals("3", undone.get("version"));
        assertEquals("V3__notes.sql", undone.get("script"));
        assertEquals("U3__notes.sql", undone.get("undoScript"));

        engine.upgrade(migrations.settings(db));
        migrations.file("U2__orders.sql", "SELECT 1/0;\n");
        DowngradeFailure failure = assertThrows(DowngradeFailure.class,
                () -> engine.downgrade(migrations.settings(db), DowngradeTarget.toVersion("1")));
        Map<String, Object> failed = JsonReader.object(failure.completed().failureJson(failure, NO_SECRETS));
        assertEquals("failed", failed.get("outcome"));
        assertEquals("3", failed.get("versionBefore"));
        assertEquals("2", failed.get("versionAfter"));
        assertEquals(List.of("V3__notes.sql"), list(failed.get("migrations")).stream().map(m -> m.get("script")).toList());
        assertEquals("V2__orders.sql", map(failed.get("failure")).get("script"));
        assertEquals("U2__orders.sql", map(failed.get("failure")).get("undoScript"));
        assertEquals(2, failure.planned());
        assertEquals(List.of("[1/2] undone    V3__notes.sql by U3__notes.sql"),
                failure.completed().lines(failure.planned()).stream().map(l -> l.replaceAll(" \\(\\d+ ms\\)$", "")).toList());
    }
}
