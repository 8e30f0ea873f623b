package io.schemaguard.catalog;

import io.schemaguard.engine.DriftReport;
import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProbeLeftovers;
import io.schemaguard.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A policy or trigger that no migration creates, on a table the migrations build: it filters the
 * table's rows or acts on its writes, so upgrade refuses to adopt the table (or a policy beside it),
 * stamp refuses to record it and verify reports it. One that a later statement or a later pending
 * migration creates is not extra: that statement collides with it and is judged.
 */
@ExtendWith(PostgresExtension.class)
class ExtraPoliciesAndTriggersTest {
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;
    private static final String BASE = "CREATE TABLE base (id int);\nCREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n";
    private static final String TABLE = "CREATE TABLE t (id int PRIMARY KEY, owner text);\n";
    private static final String POLICY_AND_TRIGGER = "CREATE POLICY p ON t USING (owner = current_user);\n"
            + "CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();\n";

    /** Made by hand beside what V2 builds, and how every goal shows it. */
    enum Extra {
        POLICY("CREATE POLICY q ON t AS RESTRICTIVE USING (id > 0);",
                "policy q on public.t  expected (none)  found command ALL, as RESTRICTIVE, to PUBLIC, using (id > 0)"),
        TRIGGER("CREATE TRIGGER b BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();",
                "trigger b on public.t  expected (none)  found BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()");

        final String sql;
        final String line;

        Extra(String sql, String line) {
            this.sql = sql;
            this.line = line;
        }
    }

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    @ParameterizedTest(name = "an extra {0} on an adopted table: upgrade refuses")
    @EnumSource(Extra.class)
    void upgradeRefusesToAdoptATableThatHoldsAnExtraPolicyOrTrigger(Extra extra, TestDatabase db) throws Exception {
        Migrations migrations = atV1(db).file("V2__table.sql", TABLE + POLICY_AND_TRIGGER);
        db.execute(TABLE + POLICY_AND_TRIGGER + extra.sql);

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        String message = refusal.getMessage();
        assertTrue(message.startsWith("V2__table.sql adopts table public.t, but no migration creates this object of its table"
                + " (a policy filters a table's rows, a trigger acts on its writes):\n  " + extra.line + "\nNothing of V2 was applied.\n"), message);
        assertTrue(message.contains("mvn schema:stamp -Dschema.version=2"), message);
        assertEquals(List.of("1"), history(db), "nothing recorded");
        assertNull(db.single("SELECT to_regclass('public.flyway_schema_history_audit')"), "nothing audited: the skips were rolled back");
        assertEquals(List.of("a", "b", "p", "q").stream().filter(n -> !n.equals(extra == Extra.POLICY ? "b" : "q")).toList(), objectsOfT(db),
                "the table keeps what it had");
        ProbeLeftovers.assertNone(db);
    }

    @ParameterizedTest(name = "an extra {0} on a table the migrations build: stamp refuses")
    @EnumSource(Extra.class)
    void stampRefusesAnExtraPolicyOrTrigger(Extra extra, TestDatabase db) throws Exception {
        Migrations migrations = atV1(db).file("V2__table.sql", TABLE + POLICY_AND_TRIGGER);
        db.execute(TABLE + POLICY_AND_TRIGGER + extra.sql);

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> engine.stamp(migrations.settings(db), new StampSettings("2", false, false),
                ShadowSettings.automatic(), CLASSPATH_BINARIES));

        assertTrue(refusal.getMessage().contains("\n  " + extra.line + "\n"), refusal.getMessage());
        assertEquals(List.of("1"), history(db), "nothing recorded");
    }

    @ParameterizedTest(name = "an extra {0} made after the upgrade: verify reports it")
    @EnumSource(Extra.class)
    void verifyReportsAnExtraPolicyOrTrigger(Extra extra, TestDatabase db) throws Exception {
        Migrations migrations = atV1(db).file("V2__table.sql", TABLE + POLICY_AND_TRIGGER);
        engine.upgrade(migrations.settings(db));
        db.execute(extra.sql);

        DriftReport report = engine.verify(migrations.settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES);

        assertEquals(List.of(extra.line, "Drift: 0 missing, 1 extra, 0 different, 0 history problems (schema public at version 2)."),
                report.text());
    }

    @Test
    void aPolicyAndTriggerThatLaterStatementsOfTheMigrationCreateAreAdoptedWithTheTable(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db).file("V2__table.sql", TABLE + POLICY_AND_TRIGGER);
        db.execute(TABLE + POLICY_AND_TRIGGER);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED), report.outcomes().stream().map(MigrationOutcome::kind).toList());
        assertEquals(List.of("1", "2"), history(db));
    }

    @Test
    void aPolicyAndTriggerThatALaterPendingMigrationCreatesAreNotExtra(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db).file("V2__table.sql", TABLE).file("V3__rules.sql", POLICY_AND_TRIGGER);
        db.execute(TABLE + POLICY_AND_TRIGGER);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED),
                report.outcomes().stream().map(MigrationOutcome::kind).toList(), report.outcomes().toString());
        assertEquals(List.of("1", "2", "3"), history(db));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void upToATargetBeforeTheMigrationThatCreatesThemTheyAreExtraForUpgradeAndStampAlike(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db).file("V2__table.sql", TABLE).file("V3__rules.sql", POLICY_AND_TRIGGER);
        db.execute(TABLE + POLICY_AND_TRIGGER);

        SchemaFailure upgrade = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db, "2", GuardMode.VERIFY)));
        SchemaFailure stamp = assertThrows(SchemaFailure.class, () -> engine.stamp(migrations.settings(db), new StampSettings("2", false, false),
                ShadowSettings.automatic(), CLASSPATH_BINARIES));

        for (String line : List.of("trigger a on public.t  expected (none)  found BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()",
                "policy p on public.t  expected (none)  found command ALL, as PERMISSIVE, to PUBLIC, using (owner = CURRENT_USER)")) {
            assertTrue(upgrade.getMessage().contains("\n  " + line + "\n"), upgrade.getMessage());
            assertTrue(stamp.getMessage().contains("\n  " + line + "\n"), stamp.getMessage());
        }
        assertTrue(upgrade.getMessage().startsWith("V2__table.sql adopts table public.t, but no migration creates these objects of its table"),
                upgrade.getMessage());
        assertEquals(List.of("1"), history(db), "nothing recorded");
    }

    @Test
    void anExtraPolicyBesideAnAdoptedPolicyIsRefusedAndOneAnAppliedMigrationBuiltIsNot(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__table.sql", BASE + TABLE + "CREATE POLICY a ON t FOR SELECT USING (true);\n")
                .file("V2__policy.sql", "CREATE POLICY p ON t USING (owner = current_user);\n");
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute("CREATE POLICY p ON t USING (owner = current_user); CREATE POLICY q ON t AS RESTRICTIVE USING (id > 0);");

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(refusal.getMessage().startsWith("V2__policy.sql adopts policy p on public.t, but no migration creates this object of its table"
                + " (a policy filters a table's rows, a trigger acts on its writes):\n  " + Extra.POLICY.line + "\nNothing of V2 was applied.\n"),
                refusal.getMessage());
        assertEquals(List.of("1"), history(db), "nothing recorded");

        db.execute("DROP POLICY q ON t");
        UpgradeReport report = engine.upgrade(migrations.settings(db));
        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED), report.outcomes().stream().map(MigrationOutcome::kind).toList());
        assertEquals(List.of("1", "2"), history(db));
    }

    @Test
    void aPolicyTheMigrationDropsIsNotExtra(TestDatabase db) throws Exception {
        Migrations migrations = atV1(db).file("V2__table.sql", TABLE + "DROP POLICY IF EXISTS legacy ON t;\n");
        db.execute(TABLE + "CREATE POLICY legacy ON t USING (true);");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.COMPLETED), report.outcomes().stream().map(MigrationOutcome::kind).toList());
        assertEquals(List.of(), objectsOfT(db));
    }

    private Migrations atV1(TestDatabase db) {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__base.sql", BASE);
        engine.upgrade(migrations.settings(db));
        return migrations;
    }

    private static List<String> objectsOfT(TestDatabase db) throws Exception {
        return db.column("SELECT name FROM (SELECT polname AS name FROM pg_policy WHERE polrelid = 'public.t'::regclass"
                + " UNION ALL SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.t'::regclass AND NOT tgisinternal) o ORDER BY name");
    }

    private static List<String> history(TestDatabase db) throws Exception {
        return db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
    }
}
