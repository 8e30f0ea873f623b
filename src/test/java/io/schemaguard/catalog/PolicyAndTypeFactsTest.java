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
import io.schemaguard.testing.CaseSchemas;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
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

    private static final CaseSchemas FACT_SCHEMAS = new CaseSchemas("fact");

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    static List<Fact> facts() {
        return FACTS;
    }

    // Each fact in a database of its own, so the facts spread over the test threads; the batches stay on the class's thread.
    @ParameterizedTest(name = "{0} differs: UPGRADE refuses")
    @MethodSource("facts")
    @Execution(ExecutionMode.CONCURRENT)
    void aDifferentObjectIsRefusedByUpgrade(Fact fact, TestDatabase db) throws Exception {
        Migrations migrations = handMade(db, fact, Goal.UPGRADE, fact.different());

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));
        assertTrue(refusal.getMessage().contains(fact.subject() + " already exists and differs"), refusal.getMessage());
        assertEquals(List.of("1"), history(db), "nothing recorded");
        ProbeLeftovers.assertNone(db);
    }

    @ParameterizedTest(name = "{0} written otherwise: UPGRADE accepts")
    @MethodSource("facts")
    @Execution(ExecutionMode.CONCURRENT)
    void theSameObjectWrittenOtherwiseIsAdoptedByUpgrade(Fact fact, TestDatabase db) throws Exception {
        Migrations migrations = handMade(db, fact, Goal.UPGRADE, fact.same());

        UpgradeReport report = engine.upgrade(migrations.settings(db));
        assertEquals(MigrationOutcome.Kind.ADOPTED, report.outcomes().get(0).kind(), report.outcomes().toString());
        assertEquals(List.of("1", "2"), history(db));
        ProbeLeftovers.assertNone(db);
    }

    /** Every fact's different object at once, each in its own schema: the stamp is refused naming each, and records nothing. */
    @TestFactory
    Stream<DynamicTest> aDifferentObjectIsNeverStamped(TestDatabase db) throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (List<Fact> batch : batches(db)) {
            TestDatabase batchDb = database(db, batch);
            Migrations migrations = handMade(batchDb, batch, Goal.STAMP, Fact::different);
            SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> stamp(migrations, batchDb, false));
            String message = refusal.getMessage();
            List<String> history = history(batchDb);
            tests.add(dynamicTest("nothing recorded (" + batch.get(0) + "…)", () -> {
                assertEquals(List.of("1"), history, "nothing recorded");
                assertFalse(message.contains("function "), "a range's constructors are the range's: " + message);
            }));
            forEachFact(batch, tests, "differs: STAMP refuses", (fact, schema) -> {
                String about = "\n" + CaseSchemas.about(message, schema, fact.subject());
                assertTrue(about.contains("\n  " + subject(fact, schema)), message);
                assertFalse(about.contains("function "), "a range's constructors are the range's: " + message);
            });
        }
        return skippedOnOlderServers(db, tests, "differs: STAMP refuses");
    }

    @TestFactory
    Stream<DynamicTest> aDifferentObjectIsAlwaysReportedByVerify(TestDatabase db) throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (List<Fact> batch : batches(db)) {
            TestDatabase batchDb = database(db, batch);
            Migrations migrations = handMade(batchDb, batch, Goal.VERIFY, Fact::different);
            DriftReport report = verify(migrations, batchDb);
            String text = String.join("\n", report.text());
            tests.add(dynamicTest("drift (" + batch.get(0) + "…)", () -> {
                assertTrue(report.drift(), text);
                assertFalse(text.contains("function "), "a range's constructors are the range's: " + text);
            }));
            forEachFact(batch, tests, "differs: VERIFY refuses", (fact, schema) -> {
                // the object's title line, or the one line of an object missing as a whole
                assertTrue(text.lines().anyMatch(line -> line.equals(subject(fact, schema))
                        || line.startsWith(subject(fact, schema) + "  expected ")), text);
                assertFalse(CaseSchemas.about(text, schema, fact.subject()).contains("function "),
                        "a range's constructors are the range's: " + text);
            });
        }
        return skippedOnOlderServers(db, tests, "differs: VERIFY refuses");
    }

    @TestFactory
    Stream<DynamicTest> theSameObjectWrittenOtherwiseIsStamped(TestDatabase db) throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (List<Fact> batch : batches(db)) {
            TestDatabase batchDb = database(db, batch);
            Migrations migrations = handMade(batchDb, batch, Goal.STAMP, Fact::same);
            StampReport.Outcome outcome;
            String text;
            try {
                StampReport report = stamp(migrations, batchDb, false);
                outcome = report.outcome();
                text = String.join("\n", report.lines());
            } catch (SchemaFailure refusal) { // each fact's test below says whether it is named
                outcome = StampReport.Outcome.REFUSED;
                text = refusal.getMessage();
            }
            List<String> history = history(batchDb);
            StampReport.Outcome stamped = outcome;
            String lines = text;
            tests.add(dynamicTest("every fact stamped (" + batch.get(0) + "…)", () -> {
                assertEquals(StampReport.Outcome.STAMPED, stamped, lines);
                assertEquals(List.of("1", "2"), history);
            }));
            forEachFact(batch, tests, "written otherwise: STAMP accepts",
                    (fact, schema) -> assertEquals("", CaseSchemas.about(lines, schema, fact.subject()), lines));
        }
        return skippedOnOlderServers(db, tests, "written otherwise: STAMP accepts");
    }

    @TestFactory
    Stream<DynamicTest> theSameObjectWrittenOtherwiseIsCleanForVerify(TestDatabase db) throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (List<Fact> batch : batches(db)) {
            TestDatabase batchDb = database(db, batch);
            Migrations migrations = handMade(batchDb, batch, Goal.VERIFY, Fact::same);
            DriftReport report = verify(migrations, batchDb);
            String text = String.join("\n", report.text());
            tests.add(dynamicTest("no drift (" + batch.get(0) + "…)", () -> assertFalse(report.drift(), text)));
            forEachFact(batch, tests, "written otherwise: VERIFY accepts",
                    (fact, schema) -> assertEquals("", CaseSchemas.about(text, schema, fact.subject()), text));
        }
        return skippedOnOlderServers(db, tests, "written otherwise: VERIFY accepts");
    }

    /**
     * The facts this server has, in as few batches as can share a database: an extension is the
     * database's, so each batch holds one fact of it at most.
     */
    private static List<List<Fact>> batches(TestDatabase db) throws Exception {
        int server = serverVersion(db);
        List<List<Fact>> batches = new ArrayList<>();
        for (Fact fact : FACTS) {
            if (server < fact.minVersion()) {
                continue;
            }
            List<Fact> batch = batches.stream().filter(b -> !fact.subject().startsWith("extension ")
                    || b.stream().noneMatch(f -> f.subject().equals(fact.subject()))).findFirst().orElse(null);
            if (batch == null) {
                batch = new ArrayList<>();
                batches.add(batch);
            }
            batch.add(fact);
        }
        return batches;
    }

    // The first batch in the test's database, each later one in a database of its own.
    private static TestDatabase database(TestDatabase db, List<Fact> batch) throws Exception {
        return batch.get(0) == FACTS.get(0) ? db : db.server().createDatabaseFor("policy_and_type_" + FACTS.indexOf(batch.get(0)));
    }

    private static void forEachFact(List<Fact> batch, List<DynamicTest> tests, String verdict, FactCheck check) {
        for (int i = 0; i < batch.size(); i++) {
            Fact fact = batch.get(i);
            String schema = FACT_SCHEMAS.schema(i + 1);
            tests.add(dynamicTest(fact + " " + verdict, () -> check.accept(fact, schema)));
        }
    }

    private static Stream<DynamicTest> skippedOnOlderServers(TestDatabase db, List<DynamicTest> tests, String verdict) throws Exception {
        int server = serverVersion(db);
        return Stream.concat(tests.stream(), FACTS.stream().filter(f -> server < f.minVersion()).map(f -> dynamicTest(f + " " + verdict,
                () -> assumeTrue(false, f.name() + " needs a newer server"))));
    }

    @FunctionalInterface
    private interface FactCheck {
        void accept(Fact fact, String schema) throws Exception;
    }

    private static String subject(Fact fact, String schema) {
        return CaseSchemas.qualified(fact.subject(), schema);
    }

    // Written for schema public, in the fact's schema: qualified names and an extension's schema.
    private static String inSchema(String sql, String schema) {
        return CaseSchemas.qualified(sql, schema).replace("SCHEMA public", "SCHEMA " + schema);
    }

    /**
     * A batch's facts, each in its own schema: V1 builds every schema's table, V2 every fact's object.
     * For stamp the history says 1 and each object was made by hand instead of V2's; for verify
     * V2 ran, and each object was then dropped and rebuilt by hand.
     */
    private Migrations handMade(TestDatabase db, List<Fact> batch, Goal goal, java.util.function.Function<Fact, String> handMade)
            throws Exception {
        createRoles(db);
        StringBuilder tables = new StringBuilder();
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            String schema = FACT_SCHEMAS.schema(i + 1);
            tables.append(CaseSchemas.inSchema(schema, V1));
            objects.append("SET search_path TO ").append(schema).append(";\n").append(batch.get(i).migration()).append("\n");
        }
        Migrations migrations = new Migrations(dir.resolve(db.name())).file("V1__tables.sql", tables.toString())
                .file("V2__objects.sql", objects.toString());
        engine.upgrade(migrations.settings(db, goal == Goal.VERIFY ? null : "1", GuardMode.VERIFY));
        String defaultVersion = db.single("SELECT default_version FROM pg_available_extensions WHERE name = 'citext'");
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            Fact fact = batch.get(i);
            String schema = FACT_SCHEMAS.schema(i + 1);
            sql.append("SET search_path TO ").append(schema).append(";\n").append(goal == Goal.VERIFY ? inSchema(fact.drop(), schema) : "")
                    .append(inSchema(handMade.apply(fact).replace("%default%", defaultVersion), schema)).append("\n");
        }
        db.execute(sql.toString());
        return migrations;
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
        assumeTrue(serverVersion(db) >= fact.minVersion(),
                fact.name() + " needs a newer server");
        createRoles(db);
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__table.sql", V1).file("V2__object.sql", fact.migration() + "\n");
        engine.upgrade(migrations.settings(db, goal == Goal.VERIFY ? "2" : "1", GuardMode.VERIFY));
        String sql = handMade.replace("%default%", db.single("SELECT default_version FROM pg_available_extensions WHERE name = 'citext'"));
        db.execute(goal == Goal.VERIFY ? fact.drop() + sql : sql);
        return migrations;
    }

    // Roles belong to the cluster, shared by every test database (and the shadow databases beside them).
    private static void createRoles(TestDatabase db) throws Exception {
        db.execute("DO $$ BEGIN CREATE ROLE sg_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
                + "DO $$ BEGIN CREATE ROLE sg_writer; EXCEPTION WHEN duplicate_object THEN NULL; END $$;");
    }

    private static int serverVersion(TestDatabase db) throws Exception {
        return Integer.parseInt(db.single("SELECT current_setting('server_version_num')"));
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
