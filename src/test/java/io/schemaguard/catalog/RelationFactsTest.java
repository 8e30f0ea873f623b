package io.schemaguard.catalog;

import io.schemaguard.engine.DriftReport;
import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.StampReport;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every fact of tables, views, triggers and indexes that changes behaviour, as a pair of the
 * object made by hand and the object a migration builds under the same name, run through upgrade,
 * stamp and verify alike: a different pair is refused by all three, naming what differs; a pair
 * written differently but identical is adopted, recorded, and clean. Upgrade judges each pair in a
 * database of its own (a refusal stops at the first); stamp and verify judge all pairs of a verdict
 * at once, each pair in its own schema of one database, and each pair's test reads its own part of the report.
 */
@ExtendWith(PostgresExtension.class)
class RelationFactsTest {
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;
    private static final List<String> HISTORY_TABLES = List.of("public.flyway_schema_history", "public.flyway_schema_history_audit");

    private static final String PARTITIONED = "CREATE TABLE p (d int) PARTITION BY RANGE (d);\n";
    private static final String OTHER_PARTITIONED = "CREATE TABLE q (d int) PARTITION BY RANGE (d);\n";
    private static final String PARENT = "CREATE TABLE a (id int);\n";
    private static final String OTHER_PARENT = "CREATE TABLE b (id int);\n";
    private static final String ROW_TYPE = "CREATE TYPE ty AS (id int, name text);\n";
    private static final String PLAIN = "CREATE TABLE t (id int);\n";
    private static final String BASE = "CREATE TABLE base (x int);\n";
    private static final String TRIGGER = """
            CREATE TABLE t (id int);
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
            CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
            """;
    private static final String TWO_COLUMNS = "CREATE TABLE t (a int, b int);\n";

    private static final CaseSchemas PAIRS = new CaseSchemas("pair");

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    /** How a goal ends for a pair: identical, different, or (upgrade only) completed by the migration's own later statement. */
    enum Verdict { IDENTICAL, DIFFERENT, COMPLETED }

    /**
     * @param object    what every goal's message names (the table or view; an index's or trigger's table)
     * @param shows     a pattern every goal's message shows for the difference
     * @param minServer the lowest server_version_num that has the feature
     */
    record Case(String name, String handMade, String migration, Verdict verdict, Verdict upgrade, String object, String shows,
                int minServer) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A change made by hand after a clean upgrade, that verify must report. */
    record HandChange(String name, String migration, String change, String object, String shows) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // tables
        differ(cases, "unlogged", "table public.t", "kind +expected (unlogged )?table +found (unlogged )?table",
                "CREATE UNLOGGED TABLE t (id int)", "CREATE TABLE t (id int)");
        differ(cases, "partitioned", "table public.p", "kind +expected",
                "CREATE TABLE p (d int) PARTITION BY RANGE (d)", "CREATE TABLE p (d int)");
        differ(cases, "partition strategy", "table public.p", "partition key +expected",
                "CREATE TABLE p (d int) PARTITION BY RANGE (d)", "CREATE TABLE p (d int) PARTITION BY LIST (d)");
        differ(cases, "partition key column", "table public.p", "partition key +expected",
                "CREATE TABLE p (a int, b int) PARTITION BY RANGE (a)", "CREATE TABLE p (a int, b int) PARTITION BY RANGE (b)");
        differ(cases, "partition key expression", "table public.p", "partition key +expected",
                "CREATE TABLE p (s text) PARTITION BY RANGE ((lower(s)))", "CREATE TABLE p (s text) PARTITION BY RANGE (s)");
        differ(cases, "partition key opclass", "table public.p", "partition key +expected",
                "CREATE TABLE p (s text) PARTITION BY RANGE (s text_pattern_ops)", "CREATE TABLE p (s text) PARTITION BY RANGE (s)");
        differ(cases, "partition key collation", "table public.p", "partition key +expected",
                "CREATE TABLE p (s text) PARTITION BY RANGE (s COLLATE \"C\")", "CREATE TABLE p (s text) PARTITION BY RANGE (s)");
        same(cases, "partition key with its default opclass",
                "CREATE TABLE p (d int) PARTITION BY RANGE (d int4_ops)", "CREATE TABLE p (d int) PARTITION BY RANGE (d)");
        differ(cases, "partition bounds", "table public.p1", "partition of +expected",
                PARTITIONED + "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)",
                PARTITIONED + "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (20)");
        differ(cases, "default partition", "table public.p1", "partition of +expected",
                PARTITIONED + "CREATE TABLE p1 PARTITION OF p DEFAULT",
                PARTITIONED + "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)");
        differ(cases, "partition parent", "table public.p1", "partition of +expected",
                PARTITIONED + OTHER_PARTITIONED + "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)",
                PARTITIONED + OTHER_PARTITIONED + "CREATE TABLE p1 PARTITION OF q FOR VALUES FROM (0) TO (10)");
        differ(cases, "never attached", "table public.p1", "partition of +expected",
                PARTITIONED + "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)", PARTITIONED + "CREATE TABLE p1 (d int)");
        differByAlter(cases, "detached", "table public.p1", "partition of +expected",
                PARTITIONED + "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n", "ALTER TABLE p DETACH PARTITION p1");
        same(cases, "partition bounds written as strings",
                PARTITIONED + "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('0') TO ('10')",
                PARTITIONED + "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)");
        same(cases, "partition attached afterwards",
                PARTITIONED + "CREATE TABLE p1 (d int); ALTER TABLE p ATTACH PARTITION p1 FOR VALUES FROM (0) TO (10)",
                PARTITIONED + "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)");
        differ(cases, "inheritance", "table public.c", "inherits +expected",
                PARENT + "CREATE TABLE c (x int) INHERITS (a)", PARENT + "CREATE TABLE c (id int, x int)");
        differ(cases, "inheritance parent", "table public.c", "inherits +expected",
                PARENT + OTHER_PARENT + "CREATE TABLE c (x int) INHERITS (a)", PARENT + OTHER_PARENT + "CREATE TABLE c (x int) INHERITS (b)");
        same(cases, "inheritance added afterwards",
                PARENT + "CREATE TABLE c (id int, x int); ALTER TABLE c INHERIT a", PARENT + "CREATE TABLE c (x int) INHERITS (a)");
        differ(cases, "typed table", "table public.t", "of type +expected",
                ROW_TYPE + "CREATE TABLE t OF ty", ROW_TYPE + "CREATE TABLE t (id int, name text)");
        same(cases, "typed afterwards", ROW_TYPE + "CREATE TABLE t (id int, name text); ALTER TABLE t OF ty", ROW_TYPE + "CREATE TABLE t OF ty");
        differByAlter(cases, "row level security", "table public.t", "row level security +expected",
                PLAIN, "ALTER TABLE t ENABLE ROW LEVEL SECURITY");
        differByAlter(cases, "forced row level security", "table public.t", "row level security +expected",
                PLAIN, "ALTER TABLE t FORCE ROW LEVEL SECURITY");
        differ(cases, "fillfactor", "table public.t", "storage parameters +expected",
                "CREATE TABLE t (id int) WITH (fillfactor=70)", "CREATE TABLE t (id int)");
        differ(cases, "fillfactor value", "table public.t", "storage parameters +expected",
                "CREATE TABLE t (id int) WITH (fillfactor=70)", "CREATE TABLE t (id int) WITH (fillfactor=80)");
        differ(cases, "autovacuum", "table public.t", "storage parameters +expected",
                "CREATE TABLE t (id int) WITH (autovacuum_enabled=false)", "CREATE TABLE t (id int)");
        differ(cases, "toast autovacuum", "table public.t", "storage parameters +expected",
                "CREATE TABLE t (s text) WITH (toast.autovacuum_enabled=false)", "CREATE TABLE t (s text)");
        same(cases, "fillfactor spelled in capitals", "CREATE TABLE t (id int) WITH (FILLFACTOR = 70)",
                "CREATE TABLE t (id int) WITH (fillfactor=70)");
        same(cases, "autovacuum off for false", "CREATE TABLE t (id int) WITH (autovacuum_enabled=off)",
                "CREATE TABLE t (id int) WITH (autovacuum_enabled=false)");
        same(cases, "storage parameters in another order",
                "CREATE TABLE t (id int) WITH (autovacuum_vacuum_scale_factor=0.10, fillfactor=70)",
                "CREATE TABLE t (id int) WITH (fillfactor='70', autovacuum_vacuum_scale_factor=0.1)");
        differ(cases, "identity always", "table public.t", "column id +expected",
                "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY)", "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY)");
        differ(cases, "identity start", "table public.t", "column id +expected",
                "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 100))",
                "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY)");
        differ(cases, "identity increment", "table public.t", "column id +expected",
                "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 10))",
                "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY)");
        differ(cases, "identity bounds", "table public.t", "column id +expected",
                "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (MINVALUE 5 MAXVALUE 1000))",
                "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 5))");
        differ(cases, "identity cache", "table public.t", "column id +expected",
                "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (CACHE 20))",
                "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY)");
        differ(cases, "identity cycle", "table public.t", "column id +expected",
                "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (CYCLE))",
                "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY)");
        same(cases, "identity options spelled out", "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1 NO CYCLE CACHE 1))",
                "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY)");
        differByAlter(cases, "serial sequence", "t_id_seq", "INCREMENT 10",
                "CREATE TABLE t (id serial);\n", "ALTER SEQUENCE t_id_seq INCREMENT 10");
        same(cases, "serial spelled out",
                "CREATE SEQUENCE t_id_seq AS integer; CREATE TABLE t (id integer NOT NULL DEFAULT nextval('t_id_seq'));"
                        + " ALTER SEQUENCE t_id_seq OWNED BY t.id",
                "CREATE TABLE t (id serial)");
        // views
        differ(cases, "security barrier", "view public.v", "options +expected",
                BASE + "CREATE VIEW v WITH (security_barrier) AS SELECT x FROM base", BASE + "CREATE VIEW v AS SELECT x FROM base");
        same(cases, "security barrier spelled true", BASE + "CREATE VIEW v WITH (security_barrier) AS SELECT x FROM base",
                BASE + "CREATE VIEW v WITH (security_barrier=true) AS SELECT x FROM base");
        same(cases, "security barrier false", BASE + "CREATE VIEW v WITH (security_barrier=false) AS SELECT x FROM base",
                BASE + "CREATE VIEW v AS SELECT x FROM base");
        differ(cases, 150000, "security invoker", "view public.v", "options +expected",
                BASE + "CREATE VIEW v WITH (security_invoker) AS SELECT x FROM base", BASE + "CREATE VIEW v AS SELECT x FROM base");
        same(cases, 150000, "security invoker spelled on", BASE + "CREATE VIEW v WITH (security_invoker=on) AS SELECT x FROM base",
                BASE + "CREATE VIEW v WITH (security_invoker=true) AS SELECT x FROM base");
        differ(cases, "check option", "view public.v", "options +expected",
                BASE + "CREATE VIEW v AS SELECT x FROM base WHERE x > 0 WITH CHECK OPTION", BASE + "CREATE VIEW v AS SELECT x FROM base WHERE x > 0");
        differ(cases, "local check option", "view public.v", "options +expected",
                BASE + "CREATE VIEW v AS SELECT x FROM base WHERE x > 0 WITH LOCAL CHECK OPTION",
                BASE + "CREATE VIEW v AS SELECT x FROM base WHERE x > 0 WITH CASCADED CHECK OPTION");
        same(cases, "check option cascaded by default", BASE + "CREATE VIEW v AS SELECT x FROM base WHERE x > 0 WITH CHECK OPTION",
                BASE + "CREATE VIEW v AS SELECT x FROM base WHERE x > 0 WITH CASCADED CHECK OPTION");
        same(cases, "check option as an option", BASE + "CREATE VIEW v WITH (check_option=local) AS SELECT x FROM base WHERE x > 0",
                BASE + "CREATE VIEW v AS SELECT x FROM base WHERE x > 0 WITH LOCAL CHECK OPTION");
        differ(cases, "materialized view fillfactor", "materialized view public.m", "storage parameters +expected",
                "CREATE MATERIALIZED VIEW m WITH (fillfactor=70) AS SELECT 1 AS x", "CREATE MATERIALIZED VIEW m AS SELECT 1 AS x");
        // triggers
        differByAlter(cases, "disabled trigger", "public.t", "state +expected", TRIGGER, "ALTER TABLE t DISABLE TRIGGER trg");
        differByAlter(cases, "replica trigger", "public.t", "state +expected", TRIGGER, "ALTER TABLE t ENABLE REPLICA TRIGGER trg");
        same(cases, "trigger enabled again", TRIGGER + "ALTER TABLE t DISABLE TRIGGER trg; ALTER TABLE t ENABLE TRIGGER trg", TRIGGER);
        // indexes
        differ(cases, "index key order", "public.t", "btree \\((a, b|b, a)\\) +found .*btree \\((a, b|b, a)\\)",
                TWO_COLUMNS + "CREATE INDEX i ON t (a, b)", TWO_COLUMNS + "CREATE INDEX i ON t (b, a)");
        // The index's own name was cut off with a pattern that also ate everything up to a later " ON ".
        differ(cases, "index key order with ON in its predicate", "public.t", "btree \\((a, b|b, a)\\) WHERE .* +found .*btree \\((a, b|b, a)\\)",
                TWO_COLUMNS + "CREATE INDEX i ON t (a, b) WHERE a::text <> ' ON '",
                TWO_COLUMNS + "CREATE INDEX i ON t (b, a) WHERE a::text <> ' ON '");
        differ(cases, "index fillfactor", "public.t", "fillfactor=70",
                TWO_COLUMNS + "CREATE INDEX i ON t (a) WITH (fillfactor=70)", TWO_COLUMNS + "CREATE INDEX i ON t (a)");
        same(cases, "index fillfactor in capitals", TWO_COLUMNS + "CREATE INDEX i ON t (a) WITH (FILLFACTOR = 70)",
                TWO_COLUMNS + "CREATE INDEX i ON t (a) WITH (fillfactor=70)");
        same(cases, "index deduplication off for false", TWO_COLUMNS + "CREATE INDEX i ON t (a) WITH (deduplicate_items=off)",
                TWO_COLUMNS + "CREATE INDEX i ON t (a) WITH (deduplicate_items=false)");
        same(cases, "primary key index deduplication off for false", "CREATE TABLE t (a int PRIMARY KEY WITH (deduplicate_items=off))",
                "CREATE TABLE t (a int PRIMARY KEY WITH (deduplicate_items=false))");
        differ(cases, "primary key index fillfactor", "table public.t", "fillfactor=70",
                "CREATE TABLE t (a int PRIMARY KEY WITH (fillfactor=70))", "CREATE TABLE t (a int PRIMARY KEY)");
        return cases;
    }

    static List<HandChange> handChanges() {
        return List.of(
                new HandChange("detach partition", PARTITIONED + "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n",
                        "ALTER TABLE p DETACH PARTITION p1", "table public.p1", "partition of +expected"),
                new HandChange("disable trigger", TRIGGER, "ALTER TABLE t DISABLE TRIGGER trg", "public.t", "state +expected"),
                new HandChange("table fillfactor", PLAIN, "ALTER TABLE t SET (fillfactor=70)", "table public.t", "storage parameters +expected"),
                new HandChange("index fillfactor", TWO_COLUMNS + "CREATE INDEX i ON t (a);\n", "ALTER INDEX i SET (fillfactor=70)",
                        "public.t", "fillfactor=70"),
                new HandChange("enable row level security", PLAIN, "ALTER TABLE t ENABLE ROW LEVEL SECURITY", "table public.t",
                        "row level security +expected"),
                new HandChange("set unlogged", PLAIN, "ALTER TABLE t SET UNLOGGED", "table public.t", "kind +expected"),
                new HandChange("identity cache", "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);\n",
                        "ALTER TABLE t ALTER COLUMN id SET CACHE 20", "table public.t", "column id +expected"),
                new HandChange("identity kind", "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);\n",
                        "ALTER TABLE t ALTER COLUMN id SET GENERATED BY DEFAULT", "table public.t", "column id +expected"),
                new HandChange("security barrier", BASE + "CREATE VIEW v AS SELECT x FROM base;\n",
                        "ALTER VIEW v SET (security_barrier=true)", "view public.v", "options +expected"),
                new HandChange("check option", BASE + "CREATE VIEW v AS SELECT x FROM base WHERE x > 0 WITH CHECK OPTION;\n",
                        "ALTER VIEW v SET (check_option=local)", "view public.v", "options +expected"),
                new HandChange("no inherit", PARENT + "CREATE TABLE c (x int) INHERITS (a);\n", "ALTER TABLE c NO INHERIT a",
                        "table public.c", "inherits +expected"),
                new HandChange("not of type", ROW_TYPE + "CREATE TABLE t OF ty;\n", "ALTER TABLE t NOT OF", "table public.t",
                        "of type +expected"));
    }

    private static void differ(List<Case> cases, String fact, String object, String shows, String one, String other) {
        differ(cases, 0, fact, object, shows, one, other);
    }

    // Both directions: each spelling made by hand, the other one in the migration.
    private static void differ(List<Case> cases, int minServer, String fact, String object, String shows, String one, String other) {
        cases.add(new Case(fact + " (made by hand)", one, other, Verdict.DIFFERENT, Verdict.DIFFERENT, object, shows, minServer));
        cases.add(new Case(fact + " (in the migration)", other, one, Verdict.DIFFERENT, Verdict.DIFFERENT, object, shows, minServer));
    }

    /**
     * A fact only a later statement sets. Made by hand, it is refused; in the migration, upgrade runs
     * that statement on the adopted object (completing the migration), while stamp and verify refuse.
     */
    private static void differByAlter(List<Case> cases, String fact, String object, String shows, String base, String alter) {
        cases.add(new Case(fact + " (made by hand)", base + alter, base, Verdict.DIFFERENT, Verdict.DIFFERENT, object, shows, 0));
        cases.add(new Case(fact + " (in the migration)", base, base + alter, Verdict.DIFFERENT, Verdict.COMPLETED, object, shows, 0));
    }

    private static void same(List<Case> cases, String fact, String handMade, String migration) {
        same(cases, 0, fact, handMade, migration);
    }

    private static void same(List<Case> cases, int minServer, String fact, String handMade, String migration) {
        cases.add(new Case(fact, handMade, migration, Verdict.IDENTICAL, Verdict.IDENTICAL, null, null, minServer));
    }

    // The pairs spread over the test threads (each on its thread's server, in a database of its own): one
    // thread would make this the longest chain of the run; the batches below stay on the class's thread.
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Execution(ExecutionMode.CONCURRENT)
    void upgrade(Case c, TestDatabase db) throws Exception {
        Migrations migrations = prepared(c, db);

        if (c.upgrade() == Verdict.DIFFERENT) {
            // Both snapshots in one session: its catalog queries are prepared once (planning them costs more than running them).
            try (Connection session = db.connect()) {
                CatalogSnapshot before = snapshot(session);
                SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));
                assertNames(c, refusal.getMessage());
                assertEquals(List.of(), history(db), "nothing recorded");
                assertTrue(SchemaDiff.compare(before, snapshot(session)).identical(), "nothing changed");
            }
        } else {
            UpgradeReport report = engine.upgrade(migrations.settings(db));
            MigrationOutcome.Kind expected = c.upgrade() == Verdict.IDENTICAL ? MigrationOutcome.Kind.ADOPTED : MigrationOutcome.Kind.COMPLETED;
            assertEquals(expected, report.outcomes().get(0).kind());
            assertEquals(List.of("1"), history(db));
            DriftReport drift = verify(migrations, db);
            assertFalse(drift.drift(), String.join("\n", drift.text()));
        }
        ProbeLeftovers.assertNone(db);
    }

    /** Every identical pair in one database, each in its own schema: one stamp records them all. */
    @TestFactory
    Stream<DynamicTest> stampRecordsEveryIdenticalPair(TestDatabase db) throws Exception {
        List<Case> batch = runnable(cases(Verdict.IDENTICAL), db);
        Migrations migrations = handMade(batch, db);

        StampReport report;
        String refusal = null;
        try {
            report = stamp(migrations, db);
        } catch (SchemaFailure e) {
            report = null;
            refusal = e.getMessage();
        }
        List<String> history = history(db);
        String text = refusal != null ? refusal : String.join("\n", report.lines());
        StampReport.Outcome outcome = report == null ? StampReport.Outcome.REFUSED : report.outcome();
        return Stream.concat(Stream.of(dynamicTest("every pair stamped", () -> {
            assertEquals(StampReport.Outcome.STAMPED, outcome, text);
            assertEquals(List.of("1"), history);
            assertNoShadowLeft(db);
        })), perCase(cases(Verdict.IDENTICAL), batch, (c, schema) -> assertEquals("", CaseSchemas.about(text, schema), text)));
    }

    /** Every different pair in one database: the stamp is refused, naming each pair's difference, and records nothing. */
    @TestFactory
    Stream<DynamicTest> stampRefusesEveryDifferentPair(TestDatabase db) throws Exception {
        List<Case> batch = runnable(cases(Verdict.DIFFERENT), db);
        Migrations migrations = handMade(batch, db);

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> stamp(migrations, db));
        List<String> history = history(db);
        return Stream.concat(Stream.of(dynamicTest("nothing recorded", () -> {
            assertEquals(List.of(), history, "nothing recorded");
            assertNoShadowLeft(db);
        })), perCase(cases(Verdict.DIFFERENT), batch, (c, schema) -> assertNames(c, schema, refusal.getMessage())));
    }

    /** The identical pairs: the history says their migrations ran, the schema is what was made by hand; verify finds nothing. */
    @TestFactory
    Stream<DynamicTest> verifyFindsNoDriftInAnyIdenticalPair(TestDatabase db) throws Exception {
        List<Case> batch = runnable(cases(Verdict.IDENTICAL), db);
        DriftReport report = verifyHandMadeAfterUpgrade(batch, db);

        String text = String.join("\n", report.text());
        return Stream.concat(Stream.of(dynamicTest("no drift", () -> assertFalse(report.drift(), text))),
                perCase(cases(Verdict.IDENTICAL), batch, (c, schema) -> assertEquals("", CaseSchemas.about(text, schema), text)));
    }

    /** The different pairs: verify reports each one's difference. */
    @TestFactory
    Stream<DynamicTest> verifyReportsEveryDifferentPair(TestDatabase db) throws Exception {
        List<Case> batch = runnable(cases(Verdict.DIFFERENT), db);
        DriftReport report = verifyHandMadeAfterUpgrade(batch, db);

        String text = String.join("\n", report.text());
        return Stream.concat(Stream.of(dynamicTest("drift", () -> assertTrue(report.drift(), text))),
                perCase(cases(Verdict.DIFFERENT), batch, (c, schema) -> assertNames(c, schema, text)));
    }

    /** Every hand change after one clean upgrade of all their migrations: one verify reports each. */
    @TestFactory
    Stream<DynamicTest> verifyNoticesEveryHandChangeAfterACleanUpgrade(TestDatabase db) throws Exception {
        List<HandChange> changes = handChanges();
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < changes.size(); i++) {
            script.append(CaseSchemas.inSchema(PAIRS.schema(i + 1), changes.get(i).migration()));
        }
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__changes.sql", script.toString());
        engine.upgrade(migrations.settings(db));
        DriftReport clean = verify(migrations, db);
        StringBuilder handChanges = new StringBuilder();
        for (int i = 0; i < changes.size(); i++) {
            handChanges.append("SET search_path TO ").append(PAIRS.schema(i + 1)).append(";\n").append(changes.get(i).change()).append(";\n");
        }
        db.execute(handChanges.toString());

        DriftReport report = verify(migrations, db);

        String text = String.join("\n", report.text());
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("clean before the changes", () -> assertFalse(clean.drift(), String.join("\n", clean.text()))));
        tests.add(dynamicTest("drift after them", () -> assertTrue(report.drift(), text)));
        for (int i = 0; i < changes.size(); i++) {
            HandChange change = changes.get(i);
            String schema = PAIRS.schema(i + 1);
            tests.add(dynamicTest(change.name(), () -> {
                String about = CaseSchemas.about(text, schema);
                assertTrue(about.contains(CaseSchemas.qualified(change.object(), schema)), text);
                assertTrue(Pattern.compile(change.shows(), Pattern.DOTALL).matcher(about).find(), text);
            }));
        }
        return tests.stream();
    }

    /** Upgrade builds every pair's migration, then each pair's objects are replaced by the ones made by hand. */
    private DriftReport verifyHandMadeAfterUpgrade(List<Case> batch, TestDatabase db) throws Exception {
        Migrations migrations = migrations(batch);
        engine.upgrade(migrations.settings(db));
        // The history says the migrations ran; the schema is what was made by hand.
        StringBuilder handMade = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            String schema = PAIRS.schema(i + 1);
            handMade.append("DROP SCHEMA ").append(schema).append(" CASCADE;\n").append(CaseSchemas.inSchema(schema, batch.get(i).handMade()));
        }
        db.execute(handMade.toString());
        return verify(migrations, db);
    }

    // Each case of the batch in its schema (pair_<n>, n its place in the batch), made by hand.
    private Migrations handMade(List<Case> batch, TestDatabase db) throws Exception {
        StringBuilder handMade = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            handMade.append(CaseSchemas.inSchema(PAIRS.schema(i + 1), batch.get(i).handMade()));
        }
        db.execute(handMade.toString());
        return migrations(batch);
    }

    // One script for the whole batch: a replay costs a migration's overhead once, not once per case.
    private Migrations migrations(List<Case> batch) {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            script.append(CaseSchemas.inSchema(PAIRS.schema(i + 1), batch.get(i).migration()));
        }
        return new Migrations(dir.resolve("db")).file("V1__pairs.sql", script.toString());
    }

    /** One test per case of the verdict; a case the server cannot run is skipped, one in the batch checked in its schema. */
    private static Stream<DynamicTest> perCase(List<Case> all, List<Case> batch, CaseCheck check) {
        return all.stream().map(c -> dynamicTest(c.name(), () -> {
            assumeTrue(batch.contains(c), "not on this server version");
            check.accept(c, PAIRS.schema(batch.indexOf(c) + 1));
        }));
    }

    @FunctionalInterface
    private interface CaseCheck {
        void accept(Case c, String schema) throws Exception;
    }

    private static List<Case> cases(Verdict verdict) {
        return cases().stream().filter(c -> (c.verdict() == Verdict.IDENTICAL) == (verdict == Verdict.IDENTICAL)).toList();
    }

    private static List<Case> runnable(List<Case> cases, TestDatabase db) throws Exception {
        int server = Integer.parseInt(db.single("SHOW server_version_num"));
        return cases.stream().filter(c -> server >= c.minServer()).toList();
    }

    private static void assertNoShadowLeft(TestDatabase db) throws Exception {
        assertEquals(List.of(), db.column("SELECT datname FROM pg_database WHERE datname LIKE 'sg_shadow%'"));
    }

    // The case's own groups of the report name its object and show the difference.
    private static void assertNames(Case c, String schema, String report) {
        String about = CaseSchemas.about(report, schema);
        assertTrue(about.contains(CaseSchemas.qualified(c.object(), schema)), report);
        assertTrue(Pattern.compile(c.shows(), Pattern.DOTALL).matcher(about).find(), report);
    }

    private Migrations prepared(Case c, TestDatabase db) throws Exception {
        assumeServer(c, db);
        db.execute(c.handMade());
        return migrations(c);
    }

    private static void assumeServer(Case c, TestDatabase db) throws Exception {
        assumeTrue(Integer.parseInt(db.single("SHOW server_version_num")) >= c.minServer(), "not on this server version");
    }

    private Migrations migrations(Case c) {
        return new Migrations(dir.resolve("db")).file("V1__build.sql", c.migration() + ";\n");
    }

    private static void assertNames(Case c, String message) {
        assertTrue(message.contains(c.object()), message);
        assertTrue(Pattern.compile(c.shows(), Pattern.DOTALL).matcher(message).find(), message);
    }

    private StampReport stamp(Migrations migrations, TestDatabase db) {
        return engine.stamp(migrations.settings(db), new StampSettings("latest", false, false), ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    private DriftReport verify(Migrations migrations, TestDatabase db) {
        return engine.verify(migrations.settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    private static CatalogSnapshot snapshot(Connection session) throws Exception {
        return CatalogSnapshot.take(session, List.of("public"), HISTORY_TABLES);
    }

    private static List<String> history(TestDatabase db) throws Exception {
        if (db.single("SELECT to_regclass('public.flyway_schema_history')") == null) {
            return List.of();
        }
        return db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
    }
}
