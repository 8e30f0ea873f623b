package io.schemaguard.reliability;

import io.schemaguard.engine.DriftReport;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.StampReport;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.postgres.ClusterTemplates;
import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.shadow.ShadowDatabase;
import io.schemaguard.shadow.ShadowDatabases;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A {@code shadowUrl} is wiped before and after every use, so it must never be the target: the
 * server decides whether two URLs name one database, not their text. A shadow that holds what the
 * plugin did not put there is refused too, one build at a time uses it, and its description never
 * carries a password.
 */
@ExtendWith(PostgresExtension.class)
class ShadowIdentityTest {
    private static final String V1 = "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);\n";
    private static final String V2 = "CREATE INDEX idx_orders_total ON orders (total);\n";
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;
    private static final Pattern HOST_PORT_DATABASE = Pattern.compile("^jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/([^/?]+)$");

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    /** The same database as {@code db.url()} (jdbc:postgresql://127.0.0.1:PORT/NAME), spelled as a user might. */
    private static List<String> spellingsOf(TestDatabase db) {
        Matcher url = HOST_PORT_DATABASE.matcher(db.url());
        assertTrue(url.matches(), db.url());
        String port = url.group(1);
        String name = url.group(2);
        return List.of(
                "jdbc:postgresql://localhost:" + port + "/" + name,
                "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?connectTimeout=5&ApplicationName=shadow",
                "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?ApplicationName=shadow&connectTimeout=5",
                "jdbc:postgresql://127.0.0.1/" + name + "?port=" + port,
                "jdbc:postgresql:///" + name + "?port=" + port + "&host=127.0.0.1");
    }

    private Migrations atV1WithOrders(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__orders.sql", V1);
        engine.upgrade(migrations.settings(db));
        db.execute("INSERT INTO orders VALUES (1, 9.99), (2, 19.99)");
        return migrations;
    }

    private static void assertUntouched(TestDatabase db) throws Exception {
        assertEquals(List.of("1:9.99", "2:19.99"), db.column("SELECT id || ':' || total FROM orders ORDER BY id"), "the target's data");
        assertEquals(List.of("1 true"), db.column("SELECT version || ' ' || success FROM flyway_schema_history ORDER BY installed_rank"),
                "the target's history");
    }

    private static void assertRefusedAsTheTarget(SchemaFailure failure) {
        assertTrue(failure.getMessage().contains("shadowUrl is the target database itself"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Nothing was changed"), failure.getMessage());
    }

    @Test
    void verifyRefusesTheTargetSpelledAnotherWayAndTouchesNothing(TestDatabase db) throws Exception {
        Migrations migrations = atV1WithOrders(db);

        for (String spelling : spellingsOf(db)) {
            SchemaFailure failure = assertThrows(SchemaFailure.class,
                    () -> engine.verify(migrations.settings(db), new ShadowSettings(spelling), CLASSPATH_BINARIES), spelling);

            assertRefusedAsTheTarget(failure);
            assertUntouched(db);
        }
    }

    @Test
    void stampRefusesTheTargetSpelledAnotherWayAndTouchesNothing(TestDatabase db) throws Exception {
        Migrations migrations = atV1WithOrders(db).file("V2__index.sql", V2);
        db.execute(V2);

        for (String spelling : spellingsOf(db)) {
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.stamp(migrations.settings(db),
                    new StampSettings("2", false, false), new ShadowSettings(spelling), CLASSPATH_BINARIES), spelling);

            assertRefusedAsTheTarget(failure);
            assertUntouched(db);
            assertNotNull(db.single("SELECT to_regclass('public.idx_orders_total')"));
        }
    }

    /** Where pg_control_system() is not granted, the server proves identity by a session token seen from the other connection. */
    @Test
    void withoutAccessToTheControlDataTheTargetIsStillRecognised(TestDatabase db) throws Exception {
        db.execute("CREATE ROLE shadow_identity_app LOGIN; GRANT ALL ON SCHEMA public TO shadow_identity_app;"
                + " REVOKE EXECUTE ON FUNCTION pg_control_system() FROM PUBLIC");
        ConnectionSettings app = new ConnectionSettings(db.url(), "shadow_identity_app", null);
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__orders.sql", V1);
        engine.upgrade(migrations.settings(app, null, GuardMode.VERIFY));
        db.execute("INSERT INTO orders VALUES (1, 9.99), (2, 19.99)");
        assertEquals("f", db.single("SELECT has_function_privilege('shadow_identity_app', 'pg_control_system()', 'EXECUTE')"));

        for (String spelling : spellingsOf(db)) {
            SchemaFailure failure = assertThrows(SchemaFailure.class,
                    () -> engine.verify(migrations.settings(app, null, GuardMode.VERIFY), new ShadowSettings(spelling), CLASSPATH_BINARIES),
                    spelling);

            assertRefusedAsTheTarget(failure);
            assertUntouched(db);
        }

        TestDatabase other = db.server().createDatabaseFor("identity_other");
        other.execute("ALTER DATABASE " + other.name() + " OWNER TO shadow_identity_app; ALTER SCHEMA public OWNER TO shadow_identity_app;"
                + " REVOKE EXECUTE ON FUNCTION pg_control_system() FROM PUBLIC");
        DriftReport report = engine.verify(migrations.settings(app, null, GuardMode.VERIFY), new ShadowSettings(other.url()),
                CLASSPATH_BINARIES);
        assertFalse(report.drift(), String.join("\n", report.text()));
        assertUntouched(db);
    }

    /** Clusters copied from one initdb'd template share its system identifier (and the oid of "postgres"): still two servers. */
    @Test
    void aShadowOnAnotherServerCopiedFromTheSameTemplateIsAccepted() throws Exception {
        ClusterTemplates templates = new ClusterTemplates(dir.resolve("templates"), "the class path's binaries");
        try (EmbeddedServer target = startFrom(templates, "target"); EmbeddedServer shadow = startFrom(templates, "shadow")) {
            assertEquals(controlData(target), controlData(shadow), "one initdb behind both");
            Migrations migrations = new Migrations(dir.resolve("db")).file("V1__orders.sql", V1);
            ConnectionSettings targetDatabase = new ConnectionSettings(target.jdbcUrl(), EmbeddedServerSettings.SUPERUSER, null);
            engine.upgrade(migrations.settings(targetDatabase, null, GuardMode.VERIFY));

            DriftReport report = engine.verify(migrations.settings(targetDatabase, null, GuardMode.VERIFY),
                    new ShadowSettings(shadow.jdbcUrl()), CLASSPATH_BINARIES);

            assertFalse(report.drift(), String.join("\n", report.text()));
        }
    }

    private EmbeddedServer startFrom(ClusterTemplates templates, String name) throws Exception {
        return EmbeddedServer.start(new EmbeddedServerSettings(dir.resolve(name), null, null, null, true, List.of(), Map.of()),
                DefaultPostgresBinaryResolver.INSTANCE, false, templates);
    }

    private static String controlData(EmbeddedServer server) throws Exception {
        try (Connection c = server.superuserConnection("postgres"); ResultSet rs = c.createStatement().executeQuery(
                "SELECT system_identifier::text || ' ' || (SELECT oid FROM pg_database WHERE datname = 'postgres') FROM pg_control_system()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aShadowHoldingDataIsRefusedAndKeepsIt(TestDatabase db) throws Exception {
        Migrations migrations = atV1WithOrders(db).file("V2__index.sql", V2);
        TestDatabase shadow = db.server().createDatabaseFor("shadow_with_data");
        shadow.execute("CREATE TABLE customers (id int PRIMARY KEY); INSERT INTO customers VALUES (1), (2), (3);"
                + " CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int); CREATE VIEW billing.open_invoices AS SELECT id FROM billing.invoices;"
                + " CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42'");

        SchemaFailure verify = assertThrows(SchemaFailure.class,
                () -> engine.verify(migrations.settings(db), new ShadowSettings(shadow.url()), CLASSPATH_BINARIES));
        SchemaFailure stamp = assertThrows(SchemaFailure.class, () -> engine.stamp(migrations.settings(db),
                new StampSettings("2", true, false), new ShadowSettings(shadow.url() + "?ApplicationName=x"), CLASSPATH_BINARIES));

        for (SchemaFailure failure : List.of(verify, stamp)) {
            String message = failure.getMessage();
            assertTrue(message.contains("holds objects the plugin did not create"), message);
            assertTrue(message.contains("2 tables") && message.contains("1 view") && message.contains("1 function"), message);
            assertTrue(message.contains("public.customers") && message.contains("billing.invoices"), message);
            assertTrue(message.contains("Nothing was changed") && message.contains("empty database"), message);
        }
        assertEquals("3", shadow.single("SELECT count(*) FROM customers"));
        assertNotNull(shadow.single("SELECT to_regclass('billing.open_invoices')"));
        assertEquals("42", shadow.single("SELECT answer()"));
        assertNull(shadow.single("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"),
                "not marked");
    }

    @Test
    void anEmptyShadowIsMarkedAtFirstUseAndAcceptedAfterAKilledRunLeftItsObjects(TestDatabase db) throws Exception {
        Migrations migrations = atV1WithOrders(db);
        TestDatabase shadow = db.server().createDatabaseFor("shadow_empty");

        DriftReport first = engine.verify(migrations.settings(db), new ShadowSettings(shadow.url()), CLASSPATH_BINARIES);

        assertFalse(first.drift(), String.join("\n", first.text()));
        assertTrue(shadow.single("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()")
                .startsWith("schema-maven-plugin shadow"), "marked as the plugin's shadow");
        assertEquals(List.of(), shadow.column("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"), "wiped after use");

        // what a build killed mid-replay leaves: the next run wipes it, because the marker says the database is ours
        shadow.execute(V1);
        DriftReport second = engine.verify(migrations.settings(db), new ShadowSettings(shadow.url()), CLASSPATH_BINARIES);
        assertFalse(second.drift(), String.join("\n", second.text()));
        assertEquals(List.of(), shadow.column("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"));
        StampReport stamp = engine.stamp(migrations.file("V2__index.sql", V2).settings(db), new StampSettings("2", false, true),
                new ShadowSettings(shadow.url()), CLASSPATH_BINARIES);
        assertEquals(StampReport.Outcome.REFUSED, stamp.outcome(), "the index is missing from the target: a dry run reports the refusal");
        assertUntouched(db);
    }

    /** A second build using the same shadowUrl waits: its wipe would destroy the first build's replay. */
    @Test
    void aGivenShadowIsUsedByOneBuildAtATime(TestDatabase db) throws Exception {
        Migrations migrations = atV1WithOrders(db);
        TestDatabase shadow = db.server().createDatabaseFor("shadow_shared");
        ConnectionSettings target = new ConnectionSettings(db.url(), db.user(), db.password());
        ExecutorService secondBuild = Executors.newSingleThreadExecutor();
        try {
            Future<DriftReport> second;
            try (ShadowDatabase first = new ShadowDatabases(CLASSPATH_BINARIES, Log.silent()).open(target, new ShadowSettings(shadow.url()),
                    List.of("public"))) {
                shadow.execute("CREATE TABLE replayed_by_the_first (id int)");
                second = secondBuild.submit(() -> engine.verify(migrations.settings(db), new ShadowSettings(shadow.url()), CLASSPATH_BINARIES));

                awaitAdvisoryLockWaitIn(shadow);
                assertTrue(shadow.tableExists("public.replayed_by_the_first"), "the second build has not wiped the first one's replay");
                assertFalse(second.isDone(), "the second build waits");
            }
            DriftReport report = second.get();
            assertFalse(report.drift(), String.join("\n", report.text()));
            assertFalse(shadow.tableExists("public.replayed_by_the_first"), "wiped once its turn came");
        } finally {
            secondBuild.shutdownNow();
        }
    }

    private static void awaitAdvisoryLockWaitIn(TestDatabase shadow) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (shadow.single("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    + " AND wait_event = 'advisory'") != null) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no second build came to wait for the shadow");
    }

    @Test
    void theShadowIsDescribedWithoutItsParametersAndAPasswordInItIsRefused(TestDatabase db) throws Exception {
        Migrations migrations = atV1WithOrders(db);
        TestDatabase shadow = db.server().createDatabaseFor("shadow_secret");
        SchemaFailure refused = assertThrows(SchemaFailure.class,
                () -> new ShadowSettings(shadow.url() + "?user=postgres&password=s3cr3t-shadow&ApplicationName=x"));
        assertFalse(refused.getMessage().contains("s3cr3t-shadow"), refused.getMessage());
        RecordingLog log = new RecordingLog();
        String url = shadow.url() + "?user=postgres&ApplicationName=x";

        DriftReport report = new SchemaEngine(log).verify(migrations.settings(db), new ShadowSettings(url), CLASSPATH_BINARIES);

        String everything = String.join("\n", log.lines()) + "\n" + report.json() + "\n" + String.join("\n", report.text());
        assertFalse(everything.contains("ApplicationName"), everything);
        assertEquals("the shadow database " + url.substring("jdbc:postgresql://".length(), url.indexOf('?')), report.shadow());
        assertTrue(report.json().contains("\"shadow\": \"the shadow database 127.0.0.1:"), report.json());
    }
}
