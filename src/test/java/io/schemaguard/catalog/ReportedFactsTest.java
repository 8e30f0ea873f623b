package io.schemaguard.catalog;

import io.schemaguard.engine.DriftReport;
import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.StampReport;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProbeLeftovers;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Owners, privileges and comments: reported by upgrade, stamp and verify, never differences unless
 * compare=strict; grants to PUBLIC and SECURITY DEFINER owners always reported.
 */
@ExtendWith(PostgresExtension.class)
class ReportedFactsTest {
    private static final String USERS = "CREATE TABLE users (id int PRIMARY KEY);\n";
    private static final String ACCOUNTS = "CREATE TABLE accounts (id int PRIMARY KEY, name text NOT NULL);\n";
    private static final String EXPOSED = """
            CREATE TABLE notices (id int PRIMARY KEY, body text);
            GRANT SELECT ON notices TO PUBLIC;
            CREATE FUNCTION whoami() RETURNS text LANGUAGE sql SECURITY DEFINER AS 'SELECT current_user::text';
            """;
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;

    private final RecordingLog log = new RecordingLog();
    private final SchemaEngine engine = new SchemaEngine(log);
    private final List<Runnable> cleanups = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void dropRoles() {
        cleanups.forEach(Runnable::run);
    }

    /** A role of this test only (roles are cluster-wide), dropped with what it owns afterwards. */
    private String role(TestDatabase db, String hint) throws SQLException {
        String name = "sg_" + hint + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        db.execute("CREATE ROLE " + name);
        cleanups.add(() -> {
            try {
                db.execute("DROP OWNED BY " + name + " CASCADE; DROP ROLE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return name;
    }

    /** The table as V2 builds it, then granted to a reader, given to another owner and commented, by hand. */
    private String handMadeAccounts(TestDatabase db) throws SQLException {
        String reader = role(db, "reader");
        String owner = role(db, "owner");
        db.execute(ACCOUNTS + "GRANT SELECT ON accounts TO " + reader + "; ALTER TABLE accounts OWNER TO " + owner
                + "; COMMENT ON TABLE accounts IS 'made by hand'");
        return reader + " " + owner;
    }

    private Migrations atV1(TestDatabase db, String v2) {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__more.sql", v2);
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        return migrations;
    }

    private static MigrationSettings strict(Migrations migrations, TestDatabase db) {
        return migrations.settings(db).comparing(CompareMode.STRICT);
    }

    private StampReport stamp(MigrationSettings settings) {
        return engine.stamp(settings, new StampSettings("latest", false, false), ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    private DriftReport verify(MigrationSettings settings) {
        return engine.verify(settings, ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    private static List<String> history(TestDatabase db) throws SQLException {
        return db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static void assertDiffers(String text, String reader, String owner) {
        assertTrue(text.matches("(?s).*privileges +expected default +found " + reader + ": SELECT.*"), text);
        assertTrue(text.matches("(?s).*owner +expected CURRENT_USER +found " + owner + ".*"), text);
        assertTrue(text.matches("(?s).*comment +expected \\(none\\) +found 'made by hand'.*"), text);
    }

    @Test
    void upgradeAdoptsATableWhosePrivilegesOwnerAndCommentDifferWithAWarningForEach(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, ACCOUNTS);
        String[] roles = handMadeAccounts(db).split(" ");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.ADOPTED, report.outcomes().get(0).kind());
        List<String> warnings = log.lines().stream().filter(l -> l.startsWith("WARN V2__more.sql, statement 1: adopted table public.accounts: "))
                .toList();
        assertEquals(3, warnings.size(), String.join("\n", log.lines()));
        assertDiffers(String.join("\n", warnings), roles[0], roles[1]);
        assertEquals(roles[1], db.single("SELECT tableowner FROM pg_tables WHERE tablename = 'accounts'"), "the table is kept as it is");
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void upgradeWithCompareStrictRefusesThatTable(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, ACCOUNTS);
        String[] roles = handMadeAccounts(db).split(" ");

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> engine.upgrade(strict(migrations, db)));

        String message = refusal.getMessage();
        assertTrue(message.startsWith("V2__more.sql, statement 1 (line 1): table public.accounts already exists and differs"), message);
        assertDiffers(message, roles[0], roles[1]);
        assertEquals(List.of("1"), history(db));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void stampRecordsThatTableAndListsWhatDiffersInItsOwnSection(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, ACCOUNTS);
        String[] roles = handMadeAccounts(db).split(" ");

        StampReport report = stamp(migrations.settings(db));

        assertEquals(StampReport.Outcome.STAMPED, report.outcome(), String.join("\n", report.lines()));
        assertEquals(List.of("1", "2"), history(db));
        String lines = String.join("\n", report.lines());
        assertTrue(lines.contains(ReportedFacts.HEADING + "\n  table public.accounts: "), lines);
        assertDiffers(lines, roles[0], roles[1]);
        assertEquals(3, report.reported().size(), lines);
        String json = report.json().replaceAll("\\s*\n\\s*", "");
        assertTrue(json.contains("\"reported\": [{\"object\": \"table public.accounts\",\"subject\": \"owner\",\"reason\": \"differs\","
                + "\"expected\": \"CURRENT_USER\",\"found\": \"" + roles[1] + "\"}"), json);
        assertTrue(json.contains("\"outcome\": \"stamped\""), json);
    }

    @Test
    void stampWithCompareStrictRefusesThatTable(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, ACCOUNTS);
        String[] roles = handMadeAccounts(db).split(" ");

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> stamp(strict(migrations, db)));

        String message = refusal.getMessage();
        assertTrue(message.contains("  table public.accounts (built by V2__more.sql)"), message);
        assertDiffers(message, roles[0], roles[1]);
        assertEquals(List.of("1"), history(db), "nothing recorded");
    }

    @Test
    void verifyReportsPrivilegesOwnerAndCommentChangedByHandWithoutDrift(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, ACCOUNTS);
        engine.upgrade(migrations.settings(db));
        String reader = role(db, "reader");
        String owner = role(db, "owner");
        db.execute("GRANT SELECT ON accounts TO " + reader + "; ALTER TABLE accounts OWNER TO " + owner
                + "; COMMENT ON TABLE accounts IS 'made by hand'");

        DriftReport report = verify(migrations.settings(db));

        String text = String.join("\n", report.text());
        assertFalse(report.drift(), text);
        assertTrue(text.contains(ReportedFacts.HEADING + "\n  table public.accounts: "), text);
        assertDiffers(text, reader, owner);
        String json = report.json().replaceAll("\\s*\n\\s*", "");
        assertTrue(json.contains("\"reported\": [{\"object\": \"table public.accounts\",\"subject\": \"owner\",\"reason\": \"differs\","
                + "\"expected\": \"CURRENT_USER\",\"found\": \"" + owner + "\"}"), json);
        assertTrue(json.contains("{\"object\": \"table public.accounts\",\"subject\": \"comment\",\"reason\": \"differs\","
                + "\"expected\": null,\"found\": \"'made by hand'\"}"), json);
    }

    @Test
    void verifyWithCompareStrictReportsThemAsDrift(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, ACCOUNTS);
        engine.upgrade(migrations.settings(db));
        String reader = role(db, "reader");
        String owner = role(db, "owner");
        db.execute("GRANT SELECT ON accounts TO " + reader + "; ALTER TABLE accounts OWNER TO " + owner
                + "; COMMENT ON TABLE accounts IS 'made by hand'");

        DriftReport report = verify(strict(migrations, db));

        String text = String.join("\n", report.text());
        assertTrue(report.drift(), text);
        assertEquals(2, report.different(), text);
        assertEquals(1, report.extra(), "the comment the migrations do not write: " + text);
        assertTrue(text.startsWith("table public.accounts\n"), text);
        assertDiffers(text, reader, owner);
    }

    @Test
    void aGrantToPublicAndASecurityDefinerOwnerAreWarnedAboutInUpgradeEvenWhenIdentical(TestDatabase db) throws Exception {
        // Default privileges give the probe's candidate the same grant: the incumbent is what the statement builds.
        Migrations migrations = atV1(db, EXPOSED);
        db.execute("ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC;" + EXPOSED);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.COMPLETED, report.outcomes().get(0).kind(), String.join("\n", log.lines()));
        List<String> warnings = log.lines().stream().filter(l -> l.startsWith("WARN V2__more.sql")).toList();
        assertEquals(List.of("WARN V2__more.sql, statement 1: adopted table public.notices: privileges granted to PUBLIC: SELECT",
                "WARN V2__more.sql, statement 3: adopted function public.whoami(): SECURITY DEFINER, runs with the privileges of its"
                        + " owner CURRENT_USER",
                "WARN V2__more.sql, statement 3: adopted function public.whoami(): privileges granted to PUBLIC: EXECUTE (by default)"),
                warnings);
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void aGrantToPublicAndASecurityDefinerOwnerAreReportedByStampAndVerifyEvenWhenIdentical(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db, EXPOSED);
        db.execute(EXPOSED + "REVOKE EXECUTE ON FUNCTION whoami() FROM PUBLIC");

        StampReport stamped = stamp(migrations.settings(db));
        String lines = String.join("\n", stamped.lines());
        DriftReport drift = verify(migrations.settings(db));

        assertEquals(StampReport.Outcome.STAMPED, stamped.outcome(), lines);
        assertTrue(lines.contains("  table public.notices: privileges granted to PUBLIC: SELECT"), lines);
        assertTrue(lines.contains("  function public.whoami(): SECURITY DEFINER, runs with the privileges of its owner CURRENT_USER\n"),
                lines);
        assertFalse(lines.contains("function public.whoami(): privileges granted to PUBLIC"), "EXECUTE is revoked from PUBLIC: " + lines);
        assertTrue(lines.matches("(?s).*function public.whoami\\(\\): privileges +expected default +found revoked PUBLIC: EXECUTE.*"),
                lines);
        String text = String.join("\n", drift.text());
        assertFalse(drift.drift(), text);
        assertTrue(text.contains("  table public.notices: privileges granted to PUBLIC: SELECT"), text);
        assertTrue(text.contains("  function public.whoami(): SECURITY DEFINER, runs with the privileges of its owner CURRENT_USER"), text);
        String json = drift.json().replaceAll("\\s*\n\\s*", "");
        assertTrue(json.contains("{\"object\": \"table public.notices\",\"subject\": \"privileges\",\"reason\": \"public grant\","
                + "\"expected\": null,\"found\": \"SELECT\"}"), json);
        assertTrue(json.contains("{\"object\": \"function public.whoami()\",\"subject\": \"owner (SECURITY DEFINER)\","
                + "\"reason\": \"security definer\",\"expected\": null,\"found\": \"CURRENT_USER\"}"), json);
    }
}
