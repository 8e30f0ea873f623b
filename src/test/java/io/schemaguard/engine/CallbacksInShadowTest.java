package io.schemaguard.engine;

import io.schemaguard.output.Log;
import io.schemaguard.settings.FlywayOptions;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Flyway's callbacks in the shadow replays: what an upgrade leaves (callbacks included) is what verify expects,
 * every reported object names the migration or callback that builds it, and a stamp, which runs no callback,
 * tells about what only callbacks build instead of refusing.
 */
@ExtendWith(PostgresExtension.class)
class CallbacksInShadowTest {
    private static final String ACCOUNTS = "CREATE TABLE accounts (id bigint PRIMARY KEY, email varchar(200) NOT NULL);\n";
    private static final String AUDIT_LOG = "CREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY, happened timestamptz NOT NULL);\n";
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations withAfterMigrate() {
        return new Migrations(dir.resolve("db")).file("V1__accounts.sql", ACCOUNTS).file("afterMigrate.sql", AUDIT_LOG);
    }

    private DriftReport verify(MigrationSettings settings) {
        return engine.verify(settings, ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    private StampReport stamp(MigrationSettings settings, String version) {
        return engine.stamp(settings, new StampSettings(version, false, false), ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    private static MigrationSettings withJavaCallback(MigrationSettings settings) {
        return settings.withFlyway(FlywayOptions.of(Map.of(FlywayOptions.CALLBACKS, AuditJavaCallback.class.getName())));
    }

    private static List<String> history(TestDatabase db) throws Exception {
        return db.column("SELECT version || ' ' || success FROM flyway_schema_history ORDER BY installed_rank");
    }

    @Test
    void verifyAfterAnUpgradeThatRanTheCallbackIsClean(TestDatabase db) throws Exception {
        Migrations migrations = withAfterMigrate();
        engine.upgrade(migrations.settings(db));
        assertTrue(db.tableExists("public.audit_log"), "the upgrade ran afterMigrate.sql");

        DriftReport report = verify(migrations.settings(db));

        assertFalse(report.drift(), String.join("\n", report.text()));
    }

    @Test
    void verifyNamesTheCallbackBehindATableChangedByHand(TestDatabase db) throws Exception {
        Migrations migrations = withAfterMigrate();
        engine.upgrade(migrations.settings(db));
        db.execute("ALTER TABLE audit_log ALTER COLUMN happened DROP NOT NULL");

        DriftReport report = verify(migrations.settings(db));

        assertTrue(report.drift());
        String text = String.join("\n", report.text());
        assertTrue(text.startsWith("table public.audit_log\n  column happened  expected timestamptz NOT NULL  found timestamptz NULL\n"
                + "  built by afterMigrate.sql\n"), text);
        assertTrue(report.json().replaceAll("\\s*\n\\s*", "").contains("\"builtBy\": {\"table public.audit_log\": [\"afterMigrate.sql\"]}"),
                report.json());
    }

    @Test
    void verifyNamesTheMigrationBehindItsOwnTableChangedByHand(TestDatabase db) throws Exception {
        Migrations migrations = withAfterMigrate();
        engine.upgrade(migrations.settings(db));
        db.execute("DROP TABLE accounts");

        DriftReport report = verify(migrations.settings(db));

        String text = String.join("\n", report.text());
        assertTrue(text.startsWith("table public.accounts  expected table (2 columns)  found (missing)\n  built by V1__accounts.sql\n"), text);
        assertFalse(text.contains("audit_log"), text);
    }

    @Test
    void stampOfAHandBuiltDatabaseNotesTheCallbacksTableAndRecordsTheVersion(TestDatabase db) throws Exception {
        Migrations migrations = withAfterMigrate();
        db.execute(ACCOUNTS);

        StampReport report = stamp(migrations.settings(db), "1");

        assertEquals(StampReport.Outcome.STAMPED, report.outcome(), String.join("\n", report.lines()));
        assertEquals(List.of("1 true"), history(db));
        assertTrue(report.lines().contains("note: table public.audit_log (built by afterMigrate.sql) is not in the database: a stamp runs no"
                + " callback; the next upgrade runs afterMigrate.sql."), String.join("\n", report.lines()));
        assertFalse(db.tableExists("public.audit_log"), "the callback ran on the shadow only");
        String json = report.json().replaceAll("\\s*\n\\s*", "");
        assertTrue(json.contains("\"callbackObjects\": [{\"object\": \"table public.audit_log\",\"builtBy\": [\"afterMigrate.sql\"],"
                + "\"missing\": true,"), json);

        engine.upgrade(migrations.settings(db));
        assertTrue(db.tableExists("public.audit_log"), "the next upgrade runs the callback");
        assertFalse(verify(migrations.settings(db)).drift());
    }

    @Test
    void stampStillRefusesWhenAMigrationsOwnTableIsMissing(TestDatabase db) throws Exception {
        Migrations migrations = withAfterMigrate();
        db.execute(AUDIT_LOG);

        StampReport report = engine.stamp(migrations.settings(db), new StampSettings("1", false, true), ShadowSettings.automatic(),
                CLASSPATH_BINARIES);

        assertEquals(StampReport.Outcome.REFUSED, report.outcome());
        String lines = String.join("\n", report.lines());
        assertTrue(lines.contains("\n  table public.accounts (built by V1__accounts.sql)  expected table (2 columns)  found (missing)"), lines);
        assertFalse(lines.contains("audit_log"), lines);
        assertFalse(db.tableExists("flyway_schema_history"));
    }

    @Test
    void stampNotesACallbackTableThatDiffersWithoutRefusing(TestDatabase db) throws Exception {
        Migrations migrations = withAfterMigrate();
        db.execute(ACCOUNTS + "CREATE TABLE audit_log (id bigint PRIMARY KEY, happened timestamptz);");

        StampReport report = stamp(migrations.settings(db), "1");

        assertEquals(StampReport.Outcome.STAMPED, report.outcome(), String.join("\n", report.lines()));
        List<String> lines = report.lines();
        int note = lines.indexOf("note: table public.audit_log (built by afterMigrate.sql) differs from what afterMigrate.sql builds:"
                + " a stamp runs no callback; the next upgrade runs afterMigrate.sql, and mvn schema:verify reports the difference if it remains:");
        assertTrue(note >= 0, String.join("\n", lines));
        assertEquals("    column happened  expected timestamptz NOT NULL  found timestamptz NULL", lines.get(note + 1));
    }

    @Test
    void aJavaCallbackRunsOnTheShadowAndIsNamedByItsClass(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__accounts.sql", ACCOUNTS);
        MigrationSettings settings = withJavaCallback(migrations.settings(db));
        engine.upgrade(settings);
        assertTrue(db.tableExists("public.java_audit"), "Flyway ran the Java callback on the target");
        assertFalse(verify(settings).drift(), "the shadow ran it too");

        db.execute("ALTER TABLE java_audit DROP COLUMN note");
        String text = String.join("\n", verify(settings).text());
        assertTrue(text.matches("(?s)table public\\.java_audit\n  column note [^\n]*\n  built by " + AuditJavaCallback.class.getName().replace(".", "\\.")
                + " \\(afterMigrate\\)\n.*"), text);
    }

    @Test
    void stampNotesAJavaCallbacksTableByItsClass(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__accounts.sql", ACCOUNTS);
        db.execute(ACCOUNTS);

        StampReport report = stamp(withJavaCallback(migrations.settings(db)), "1");

        assertEquals(StampReport.Outcome.STAMPED, report.outcome(), String.join("\n", report.lines()));
        String name = AuditJavaCallback.class.getName() + " (afterMigrate)";
        assertTrue(report.lines().contains("note: table public.java_audit (built by " + name + ") is not in the database: a stamp runs no"
                + " callback; the next upgrade runs " + name + "."), String.join("\n", report.lines()));
        assertFalse(db.tableExists("public.java_audit"), "the Java callback ran on the shadow's connection only");
    }

    @Test
    void callbacksOfEveryEventRunInFlywaysOrderAndAreNamed(TestDatabase db) throws Exception {
        // afterEachMigrate sees how many tables each migration left: run in another order or count, its view would differ
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__accounts.sql", ACCOUNTS)
                .file("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n")
                .file("beforeMigrate.sql", "CREATE TABLE IF NOT EXISTS settings_kv (key text PRIMARY KEY, value text);\n")
                .file("afterEachMigrate.sql", """
                        DO $$ BEGIN
                          EXECUTE format('CREATE OR REPLACE VIEW tables_seen AS SELECT %s AS tables',
                                         (SELECT count(*) FROM pg_tables WHERE schemaname = 'public'));
                        END $$;
                        """);
        engine.upgrade(migrations.settings(db));
        assertFalse(verify(migrations.settings(db)).drift());

        db.execute("DROP TABLE settings_kv; CREATE OR REPLACE VIEW tables_seen AS SELECT 0 AS tables");
        String text = String.join("\n", verify(migrations.settings(db)).text());
        assertTrue(text.contains("table public.settings_kv  expected table (2 columns)  found (missing)\n  built by beforeMigrate.sql\n"), text);
        assertTrue(text.matches("(?s).*view public\\.tables_seen\n(  [^\n]*\n)*?  built by afterEachMigrate\\.sql\n.*"), text);
    }
}
