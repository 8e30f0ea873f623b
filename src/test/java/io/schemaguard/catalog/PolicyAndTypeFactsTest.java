package io.schemaguard.catalog;

import io.schemaguard.engine.DriftReport;
import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.StampReport;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every fact of policies, range types, collations of types and domains, and extensions, through
 * upgrade, stamp and verify alike: the database holds V2's object made by hand, either different
 * (refused, or drift, naming the object) or identical but written differently (adopted, stamped, clean).
 */
@ExtendWith(PostgresExtension.class)
class PolicyAndTypeFactsTest {
    private static final String V1 = "CREATE TABLE t (id int PRIMARY KEY, owner text);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\n";
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;

    enum Goal { UPGRADE, STAMP, VERIFY }

    /**
     * @param migration  V2, the statement whose object is made by hand
     * @param different  made by hand: same name, another object
     * @param same       made by hand: the same object, written otherwise
     * @param subject    how every goal names the object
     * @param minVersion the first server_version_num that has the feature
     */
    record Fact(String name, String migration, String different, String same, String subject, int minVersion) {
        /** Drops V2's object, so that verify sees it rebuilt by hand after a clean upgrade. */
        String drop() {
            String[] words = subject.split(" ");
            return switch (words[0]) {
                case "policy" -> "DROP POLICY " + words[1] + " ON " + words[3] + ";";
                case "extension" -> "DROP EXTENSION " + words[1] + ";";
                default -> "DROP " + words[0].toUpperCase() + " " + words[1] + ";";
            };
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Fact> FACTS = List.of(
            new Fact("policy command", "CREATE POLICY p ON t FOR SELECT USING (owner = current_user);",
                    "CREATE POLICY p ON t FOR UPDATE USING (owner = current_user);",
                    "CREATE POLICY p ON public.t AS PERMISSIVE FOR SELECT TO PUBLIC USING ((owner = CURRENT_USER));",
                    "policy p on public.t", 0),
            new Fact("policy FOR ALL implicit", "CREATE POLICY p ON t USING (true);",
                    "CREATE POLICY p ON t FOR DELETE USING (true);",
                    "CREATE POLICY p ON t FOR ALL TO public USING (TRUE);",
                    "policy p on public.t", 0),
            new Fact("policy permissive or restrictive", "CREATE POLICY p ON t USING (id > 0);",
                    "CREATE POLICY p ON t AS RESTRICTIVE USING (id > 0);",
                    "CREATE POLICY p ON t AS PERMISSIVE USING (id>0);",
                    "policy p on public.t", 0),
            new Fact("policy roles", "CREATE POLICY p ON t TO sg_reader, sg_writer USING (true);",
                    "CREATE POLICY p ON t TO sg_reader USING (true);",
                    "CREATE POLICY p ON t TO sg_writer, sg_reader USING (true);",
                    "policy p on public.t", 0),
            new Fact("policy USING", "CREATE POLICY p ON t FOR SELECT USING (owner = current_user AND id > 0);",
                    "CREATE POLICY p ON t FOR SELECT USING (owner = current_user OR id > 0);",
                    "CREATE POLICY p ON t FOR SELECT USING ( ((owner=current_user)) and (id > 0) );",
                    "policy p on public.t", 0),
            new Fact("policy WITH CHECK", "CREATE POLICY p ON t FOR INSERT WITH CHECK (id > 0);",
                    "CREATE POLICY p ON t FOR INSERT WITH CHECK (id >= 0);",
                    "CREATE POLICY p ON t FOR INSERT TO PUBLIC WITH CHECK ((id > 0));",
                    "policy p on public.t", 0),
            new Fact("composite attribute collation", "CREATE TYPE pair AS (a text COLLATE \"C\", b int);",
                    "CREATE TYPE pair AS (a text, b int);",
                    "CREATE TYPE public.pair AS (a pg_catalog.text COLLATE pg_catalog.\"C\", b integer);",
                    "type public.pair", 0),
            new Fact("domain collation", "CREATE DOMAIN code AS text COLLATE \"C\" NOT NULL;",
                    "CREATE DOMAIN code AS text NOT NULL;",
                    "CREATE DOMAIN public.code text NOT NULL COLLATE pg_catalog.\"C\";",
                    "domain public.code", 0),
            new Fact("range subtype", "CREATE TYPE span AS RANGE (subtype = int4);",
                    "CREATE TYPE span AS RANGE (subtype = int8);",
                    "CREATE TYPE span AS RANGE (SUBTYPE = integer, SUBTYPE_OPCLASS = int4_ops);",
                    "type public.span", 0),
            new Fact("range subtype opclass", "CREATE TYPE span AS RANGE (subtype = text);",
                    "CREATE TYPE span AS RANGE (subtype = text, subtype_opclass = text_pattern_ops);",
                    "CREATE TYPE span AS RANGE (subtype = pg_catalog.text, subtype_opclass = pg_catalog.text_ops);",
                    "type public.span", 0),
            new Fact("range collation", "CREATE TYPE span AS RANGE (subtype = text, collation = \"C\");",
                    "CREATE TYPE span AS RANGE (subtype = text);",
                    "CREATE TYPE span AS RANGE (collation = pg_catalog.\"C\", subtype = text);",
                    "type public.span", 0),
            new Fact("range subtype_diff", "CREATE TYPE span AS RANGE (subtype = float8, subtype_diff = float8mi);",
                    "CREATE TYPE span AS RANGE (subtype = float8);",
                    "CREATE TYPE span AS RANGE (subtype = double precision, subtype_diff = pg_catalog.float8mi);",
                    "type public.span", 0),
            new Fact("range multirange name", "CREATE TYPE span AS RANGE (subtype = int4, multirange_type_name = spans);",
                    "CREATE TYPE span AS RANGE (subtype = int4);",
                    "CREATE TYPE span AS RANGE (subtype = int4, multirange_type_name = public.\"spans\");",
                    "type public.span", 140000),
            new Fact("extension version", "CREATE EXTENSION citext;",
                    "CREATE EXTENSION citext VERSION '1.4';",
                    "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public VERSION '%default%' CASCADE;",
                    "extension citext", 0),
            new Fact("extension schema", "CREATE EXTENSION citext;",
                    "CREATE SCHEMA ext; CREATE EXTENSION citext SCHEMA ext;",
                    "CREATE EXTENSION citext SCHEMA public;",
                    "extension citext", 0));

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Fact fact : FACTS) {
            for (Goal goal : Goal.values()) {
                cases.add(Arguments.of(fact, goal));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} differs: {1} refuses")
    @MethodSource("cases")
    void aDifferentObjectIsNeverAccepted(Fact fact, Goal goal, TestDatabase db) throws Exception {
        Migrations migrations = handMade(db, fact, goal, fact.different());

        switch (goal) {
            case UPGRADE -> {
                SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));
                assertTrue(refusal.getMessage().contains(fact.subject() + " already exists and differs"), refusal.getMessage());
                assertEquals(List.of("1"), history(db), "nothing recorded");
                ProbeLeftovers.assertNone(db);
            }
            case STAMP -> {
                SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> stamp(migrations, db, false));
                assertTrue(refusal.getMessage().contains("\n  " + fact.subject()), refusal.getMessage());
                assertFalse(refusal.getMessage().contains("function "), "a range's constructors are the range's: " + refusal.getMessage());
                assertEquals(List.of("1"), history(db), "nothing recorded");
            }
            case VERIFY -> {
                DriftReport report = verify(migrations, db);
                String text = String.join("\n", report.text());
                assertTrue(report.drift(), text);
                // the object's title line, or the one line of an object missing as a whole
                assertTrue(text.matches("(?s)(.*\n)?" + java.util.regex.Pattern.quote(fact.subject()) + "(\n|  expected ).*"), text);
                assertFalse(text.contains("function "), "a range's constructors are the range's: " + text);
            }
        }
    }

    @ParameterizedTest(name = "{0} written otherwise: {1} accepts")
    @MethodSource("cases")
    void theSameObjectWrittenOtherwiseIsAccepted(Fact fact, Goal goal, TestDatabase db) throws Exception {
        Migrations migrations = handMade(db, fact, goal, fact.same());

        switch (goal) {
            case UPGRADE -> {
                UpgradeReport report = engine.upgrade(migrations.settings(db));
                assertEquals(MigrationOutcome.Kind.ADOPTED, report.outcomes().get(0).kind(), report.outcomes().toString());
                assertEquals(List.of("1", "2"), history(db));
                ProbeLeftovers.assertNone(db);
            }
            case STAMP -> {
                StampReport report = stamp(migrations, db, false);
                assertEquals(StampReport.Outcome.STAMPED, report.outcome(), String.join("\n", report.lines()));
                assertEquals(List.of("1", "2"), history(db));
            }
            case VERIFY -> {
                DriftReport report = verify(migrations, db);
                assertFalse(report.drift(), String.join("\n", report.text()));
            }
        }
    }

    @ParameterizedTest(name = "an extra policy: {0} refuses")
    @EnumSource(Goal.class)
    void anExtraPolicyOnATableTheMigrationsBuildIsADifference(Goal goal, TestDatabase db) throws Exception {
        Fact fact = FACTS.get(1);
        Migrations migrations = handMade(db, fact, goal, fact.migration() + "CREATE POLICY q ON t AS RESTRICTIVE USING (id > 0);");

        if (goal == Goal.UPGRADE) {
            // V2's policy is adopted; which rows it lets through depends on the table's other policies
            SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));
            assertTrue(refusal.getMessage().contains("\n  policy q on public.t  expected (none)  found "
                    + "command ALL, as RESTRICTIVE, to PUBLIC, using (id > 0)\n"), refusal.getMessage());
            assertEquals(List.of("1"), history(db), "nothing recorded");
            ProbeLeftovers.assertNone(db);
        } else if (goal == Goal.STAMP) {
            SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> stamp(migrations, db, false));
            assertTrue(refusal.getMessage().contains("\n  policy q on public.t  expected (none)  found "
                    + "command ALL, as RESTRICTIVE, to PUBLIC, using (id > 0)\n"), refusal.getMessage());
            assertEquals(List.of("1"), history(db), "nothing recorded");
        } else {
            DriftReport report = verify(migrations, db);
            assertEquals(1, report.extra(), String.join("\n", report.text()));
            assertTrue(String.join("\n", report.text()).startsWith("policy q on public.t  expected (none)  found "
                    + "command ALL, as RESTRICTIVE, to PUBLIC, using (id > 0)\n"), String.join("\n", report.text()));
        }
    }

    /**
     * V2's object made by hand as given: for upgrade and stamp, the history says 1 and the object
     * was built instead of V2; for verify, V2 ran and its object was then dropped and rebuilt by hand.
     */
    private Migrations handMade(TestDatabase db, Fact fact, Goal goal, String handMade) throws Exception {
        assumeTrue(Integer.parseInt(db.single("SELECT current_setting('server_version_num')")) >= fact.minVersion(),
                fact.name() + " needs a newer server");
        // Roles belong to the cluster, shared by every test database (and the shadow databases beside them).
        db.execute("DO $$ BEGIN CREATE ROLE sg_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
                + "DO $$ BEGIN CREATE ROLE sg_writer; EXCEPTION WHEN duplicate_object THEN NULL; END $$;");
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__table.sql", V1).file("V2__object.sql", fact.migration() + "\n");
        engine.upgrade(migrations.settings(db, goal == Goal.VERIFY ? "2" : "1", GuardMode.VERIFY));
        String sql = handMade.replace("%default%", db.single("SELECT default_version FROM pg_available_extensions WHERE name = 'citext'"));
        db.execute(goal == Goal.VERIFY ? fact.drop() + sql : sql);
        return migrations;
    }

    private StampReport stamp(Migrations migrations, TestDatabase db, boolean force) {
        return engine.stamp(migrations.settings(db), new StampSettings("2", force, false), ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    private DriftReport verify(Migrations migrations, TestDatabase db) {
        return engine.verify(migrations.settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    private static List<String> history(TestDatabase db) throws Exception {
        return db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
    }
}
