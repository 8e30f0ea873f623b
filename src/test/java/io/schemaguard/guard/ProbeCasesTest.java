package io.schemaguard.guard;

import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProbeLeftovers;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Objects whose probe needs care: overloaded functions, attached partitions, serial columns, tables
 * holding rows, range types — and a probe that fails, which must never pass for the user's statement failing.
 */
@ExtendWith(PostgresExtension.class)
class ProbeCasesTest {
    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    /** V1 applied for real, then {@code handMade} run by hand; V2 is {@code v2}. */
    private Migrations atV1With(TestDatabase db, String v1, String v2, String handMade) throws Exception {
        Migrations migrations = new Migrations(dir.resolve(db.name())).file("V1__base.sql", v1).file("V2__change.sql", v2);
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute(handMade);
        return migrations;
    }

    private static MigrationOutcome.Kind outcome(UpgradeReport report, String version) {
        return report.outcomes().stream().filter(o -> version.equals(o.version())).findFirst().orElseThrow().kind();
    }

    private static List<String> audit(TestDatabase db) throws Exception {
        return db.column("SELECT coalesce(statement_number::text, '-') || ' ' || decision || coalesce(' ' || object, '') "
                + "FROM flyway_schema_history_audit ORDER BY id");
    }

    private static List<String> versions(TestDatabase db) throws Exception {
        return db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static void assertAdopted(TestDatabase db, UpgradeReport report, String object) throws Exception {
        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(report, "2"));
        assertEquals(List.of("1 skipped " + object, "- adopted"), audit(db));
        assertEquals(List.of("1", "2"), versions(db));
        ProbeLeftovers.assertNone(db);
    }

    private void assertRefused(TestDatabase db, Migrations migrations, String... expected) throws Exception {
        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(db)));
        String message = refusal.getMessage();
        assertTrue(message.contains("already exists and differs from what this statement builds"), message);
        for (String text : expected) {
            assertTrue(message.contains(text), message);
        }
        assertEquals(List.of("1"), versions(db));
        assertNull(db.single("SELECT to_regclass('public.flyway_schema_history_audit')"), "no audit table");
        ProbeLeftovers.assertNone(db);
    }

    // --- function overloads

    private static final String G_INT = "CREATE FUNCTION g(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT i * 2';\n";
    private static final String G_TEXT = "CREATE FUNCTION g(t text) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT g(length(t))';\n";

    @Test
    void onlyTheOverloadWithTheCollidingSignatureIsMovedAsideAndAnIdenticalOneIsAdopted(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, G_INT, G_TEXT, G_TEXT);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertAdopted(db, report, "function public.g(text)");
        assertEquals("6", db.single("SELECT g('abc')"));
        assertEquals(List.of("g(integer)", "g(text)"), db.column("SELECT oid::regprocedure::text FROM pg_proc WHERE proname = 'g' ORDER BY 1"));
    }

    @Test
    void anOverloadWithTheCollidingSignatureAndAnotherBodyIsRefused(TestDatabase db) throws Exception {
        // g(integer) is identical to V1's: only g(text) may be compared, and it differs.
        Migrations migrations = atV1With(db, G_INT, G_TEXT, G_TEXT.replace("length(t))", "length(t)) + 1"));

        assertRefused(db, migrations, "g(text)", "+ 1");
    }

    @Test
    void theCollidingOverloadIsFoundWhenABeginAtomicBodyCallsAnotherOne(TestDatabase db) throws Exception {
        assumeTrue(Integer.parseInt(db.single("SHOW server_version_num")) >= 140000, "SQL-standard function bodies came with PostgreSQL 14");
        // Such a body is resolved before the collision is seen: moving g(integer) alone makes the candidate fail, not collide.
        String atomic = "CREATE FUNCTION g(t text) RETURNS integer LANGUAGE sql IMMUTABLE\nBEGIN ATOMIC\n  SELECT g(length(t));\nEND;\n";
        String others = G_INT + "CREATE FUNCTION g(t text, n integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT n';\n";
        Migrations migrations = atV1With(db, others, atomic, atomic);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertAdopted(db, report, "function public.g(text)");
        assertEquals("6", db.single("SELECT g('abc')"));

        TestDatabase differentDb = db.server().createDatabaseFor("atomic_different");
        Migrations different = atV1With(differentDb, others, atomic, atomic.replace("length(t)", "length(t) + 1"));
        assertRefused(differentDb, different, "g(text)", "+ 1");
    }

    // --- partitions

    private static final String MEASUREMENTS = "CREATE TABLE measurements (id bigint NOT NULL, region text NOT NULL) PARTITION BY LIST (region);\n";
    private static final String EU = "CREATE TABLE measurements_eu PARTITION OF measurements FOR VALUES IN ('eu');\n";

    @Test
    void anIdenticalPartitionCreatedByHandAndAttachedIsAdopted(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, MEASUREMENTS, EU, """
                CREATE TABLE measurements_eu (id bigint NOT NULL, region text NOT NULL);
                INSERT INTO measurements_eu VALUES (1, 'eu');
                ALTER TABLE measurements ATTACH PARTITION measurements_eu FOR VALUES IN ('eu');
                """);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertAdopted(db, report, "table public.measurements_eu");
        assertEquals("FOR VALUES IN ('eu')", db.single("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'measurements_eu'"));
        assertEquals("1", db.single("SELECT count(*) FROM measurements WHERE region = 'eu'"));
    }

    @Test
    void anIdenticalPartitionWhoseRowsAForeignKeyReferencesIsAdopted(TestDatabase db) throws Exception {
        String base = MEASUREMENTS.replace("NOT NULL) PARTITION", "NOT NULL, PRIMARY KEY (id, region)) PARTITION")
                + "CREATE TABLE readings (measurement_id bigint, region text, FOREIGN KEY (measurement_id, region)"
                + " REFERENCES measurements (id, region));\n";
        Migrations migrations = atV1With(db, base, EU, EU + """
                INSERT INTO measurements VALUES (1, 'eu');
                INSERT INTO readings VALUES (1, 'eu');
                """);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertAdopted(db, report, "table public.measurements_eu");
        assertEquals("1", db.single("SELECT count(*) FROM readings JOIN measurements_eu ON id = measurement_id"));
    }

    @Test
    void anAttachedPartitionWithOtherBoundsIsRefused(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, MEASUREMENTS, EU, """
                CREATE TABLE measurements_eu (id bigint NOT NULL, region text NOT NULL);
                ALTER TABLE measurements ATTACH PARTITION measurements_eu FOR VALUES IN ('eu', 'uk');
                """);

        assertRefused(db, migrations, "'uk'");
        assertEquals("FOR VALUES IN ('eu', 'uk')", db.single("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'measurements_eu'"));
    }

    @Test
    void identicalRangeAndDefaultPartitionsCreatedByHandAreAdopted(TestDatabase db) throws Exception {
        String parent = "CREATE TABLE events (at date NOT NULL, note text) PARTITION BY RANGE (at);\n";
        String partitions = "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\n"
                + "CREATE TABLE events_other PARTITION OF events DEFAULT;\n";
        Migrations migrations = atV1With(db, parent, partitions, """
                CREATE TABLE events_2026 (at date NOT NULL, note text);
                ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                CREATE TABLE events_other (at date NOT NULL, note text);
                ALTER TABLE events ATTACH PARTITION events_other DEFAULT;
                INSERT INTO events VALUES ('2026-05-01', 'in range'), ('2030-01-01', 'default');
                """);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(report, "2"));
        assertEquals(List.of("1 skipped table public.events_2026", "2 skipped table public.events_other", "- adopted"), audit(db));
        assertEquals(List.of("events_2026 in range", "events_other default"),
                db.column("SELECT tableoid::regclass || ' ' || note FROM events ORDER BY at"));
        ProbeLeftovers.assertNone(db);
    }

    // --- serial and identity columns

    private static final String COUNTERS = "CREATE TABLE counters (id integer PRIMARY KEY);\nINSERT INTO counters VALUES (1), (2);\n";
    private static final String SERIAL = "ALTER TABLE counters ADD COLUMN seqno serial;\n";

    @Test
    void aSerialColumnNextToItsOwnedSequenceIsAdopted(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, COUNTERS, SERIAL, SERIAL);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertAdopted(db, report, "column seqno on public.counters");
        assertEquals(List.of("counters_seqno_seq"), db.column("SELECT relname FROM pg_class WHERE relkind = 'S' AND relname LIKE 'counters%' ORDER BY 1"));
        assertEquals("3", db.single("SELECT nextval('counters_seqno_seq')"));
    }

    @Test
    void aSerialColumnWhoseSequenceDiffersIsRefused(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, COUNTERS, SERIAL, SERIAL + "ALTER SEQUENCE counters_seqno_seq INCREMENT 10;\n");

        assertRefused(db, migrations, "sequence public.counters_seqno_seq", "INCREMENT 10");
    }

    @Test
    void anIdentityColumnOverAnIdenticalOneIsAdopted(TestDatabase db) throws Exception {
        String identity = "ALTER TABLE counters ADD COLUMN number bigint GENERATED ALWAYS AS IDENTITY (START 100);\n";
        Migrations migrations = atV1With(db, COUNTERS, identity, identity);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertAdopted(db, report, "column number on public.counters");
        assertEquals(List.of("100", "101"), db.column("SELECT number::text FROM counters ORDER BY id"));
    }

    // --- tables holding rows

    @Test
    void aNotNullColumnOverAnIdenticalOneOnATableWithRowsIsAdopted(TestDatabase db) throws Exception {
        String notNull = "ALTER TABLE counters ADD COLUMN amount integer NOT NULL;\n";
        Migrations migrations = atV1With(db, COUNTERS, notNull, "ALTER TABLE counters ADD COLUMN amount integer;\n"
                + "UPDATE counters SET amount = id;\nALTER TABLE counters ALTER COLUMN amount SET NOT NULL;\n");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertAdopted(db, report, "column amount on public.counters");
        assertEquals(List.of("1", "2"), db.column("SELECT amount::text FROM counters ORDER BY id"));
    }

    @Test
    void aNullableColumnUnderANotNullStatementIsRefusedNotFailedOnTheRows(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, COUNTERS, "ALTER TABLE counters ADD COLUMN amount integer NOT NULL;\n",
                "ALTER TABLE counters ADD COLUMN amount integer;\n");

        assertRefused(db, migrations, "column amount", "NOT NULL");
    }

    @Test
    void constraintsOverIdenticalOnesOnATableWithRowsAreAdoptedWithoutCheckingTheRows(TestDatabase db) throws Exception {
        // Every call of the check function advances a sequence, which no rollback undoes: a probe that checks the rows shows.
        String base = COUNTERS + """
                CREATE TABLE owners (id integer PRIMARY KEY);
                INSERT INTO owners SELECT g FROM generate_series(1, 2000) g;
                CREATE SEQUENCE check_calls;
                CREATE FUNCTION counted_positive(v integer) RETURNS boolean LANGUAGE plpgsql AS
                  $$ BEGIN PERFORM nextval('check_calls'); RETURN v > 0; END $$;
                ALTER TABLE counters ADD COLUMN owner_id integer;
                INSERT INTO counters SELECT g, g FROM generate_series(3, 2000) g;
                UPDATE counters SET owner_id = id;
                """;
        String constraints = """
                ALTER TABLE counters ADD CONSTRAINT counters_owner_positive CHECK (counted_positive(owner_id));
                ALTER TABLE counters ADD CONSTRAINT counters_owner_unique UNIQUE (owner_id);
                ALTER TABLE counters ADD CONSTRAINT counters_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id);
                """;
        Migrations migrations = atV1With(db, base, constraints, constraints);
        String callsBefore = db.single("SELECT nextval('check_calls')");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(report, "2"));
        assertEquals(List.of("1 skipped constraint counters_owner_positive on public.counters",
                "2 skipped constraint counters_owner_unique on public.counters",
                "3 skipped constraint counters_owner_fk on public.counters", "- adopted"), audit(db));
        assertEquals(String.valueOf(Long.parseLong(callsBefore) + 1), db.single("SELECT nextval('check_calls')"),
                "the probe checked no row");
        assertEquals("2000", db.single("SELECT count(*) FROM counters"));
        assertEquals("2000", db.single("SELECT count(*) FROM owners"));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void aColumnOfATableOthersReferenceIsComparedWithTheRowsOfBothKept(TestDatabase db) throws Exception {
        String base = COUNTERS + "CREATE TABLE readings (counter_id integer REFERENCES counters (id));\nINSERT INTO readings VALUES (1), (2);\n";
        Migrations migrations = atV1With(db, base, "ALTER TABLE counters ADD COLUMN amount integer NOT NULL;\n",
                "ALTER TABLE counters ADD COLUMN amount integer;\nUPDATE counters SET amount = 0;\n"
                        + "ALTER TABLE counters ALTER COLUMN amount SET NOT NULL;\n");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertAdopted(db, report, "column amount on public.counters");
        assertEquals("2", db.single("SELECT count(*) FROM readings"));
        assertEquals("2", db.single("SELECT count(*) FROM counters"));
    }

    @Test
    void anIndexOverAnIdenticalOneIsBuiltWithoutReadingTheRows(TestDatabase db) throws Exception {
        String base = COUNTERS + """
                CREATE SEQUENCE key_calls;
                CREATE FUNCTION counted_key(v integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS
                  $$ BEGIN PERFORM nextval('public.key_calls'); RETURN v; END $$;
                INSERT INTO counters SELECT g FROM generate_series(3, 3000) g;
                """;
        String index = "CREATE INDEX counters_key ON counters (counted_key(id));\n";
        Migrations migrations = atV1With(db, base, index, index);
        String callsBefore = db.single("SELECT nextval('key_calls')");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertAdopted(db, report, "index counters_key on public.counters");
        assertEquals(String.valueOf(Long.parseLong(callsBefore) + 1), db.single("SELECT nextval('key_calls')"), "the probe read no row");
        assertEquals("3000", db.single("SELECT count(*) FROM counters"));
    }

    @Test
    void aTableWithATruncateTriggerIsNotEmptiedForTheProbe(TestDatabase db) throws Exception {
        String base = COUNTERS + """
                CREATE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'counters are never truncated'; END $$;
                CREATE TRIGGER counters_kept BEFORE TRUNCATE ON counters EXECUTE FUNCTION refuse_truncate();
                """;
        String check = "ALTER TABLE counters ADD CONSTRAINT counters_id_positive CHECK (id > 0);\n";
        Migrations migrations = atV1With(db, base, check, check);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertAdopted(db, report, "constraint counters_id_positive on public.counters");
        assertEquals("2", db.single("SELECT count(*) FROM counters"));
    }

    // --- range types

    private static final String RANGE = "CREATE TYPE floor_range AS RANGE (subtype = int4);\n";

    @Test
    void anIdenticalRangeTypeIsAdopted(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, COUNTERS, RANGE, RANGE);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertAdopted(db, report, "type public.floor_range");
        assertEquals("[1,3)", db.single("SELECT floor_range(1, 3)::text"));
    }

    @Test
    void aRangeTypeOfAnotherSubtypeIsRefused(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, COUNTERS, RANGE, RANGE.replace("int4", "int8"));

        assertRefused(db, migrations, "floor_range", "bigint");
    }

    // --- a probe that fails

    @Test
    void aCandidateFailingInTheProbeSaysTheGuardCouldNotDecideAndWhy(TestDatabase db) throws Exception {
        String v2 = "CREATE TABLE threads (id integer PRIMARY KEY, owner_id integer REFERENCES no_such_table (id));\n";
        Migrations migrations = atV1With(db, COUNTERS, v2, "CREATE TABLE threads (id integer PRIMARY KEY, status text);\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        String message = failure.getMessage();
        assertTrue(message.startsWith("V2__change.sql, statement 1 (line 1): the guard could not decide whether table threads"
                + " already exists as this statement builds it"), message);
        assertTrue(message.contains("(SQLSTATE 42P01)"), message);
        assertTrue(message.contains("no_such_table"), message);
        assertTrue(message.contains("mvn schema:stamp -Dschema.version=2"), message);
        assertFalse(message.contains("the statement failed"), message);
        assertFalse(message.contains("Fix the statement and run"), message);
        assertEquals(List.of("1"), versions(db));
        assertEquals("status", db.single("SELECT attname FROM pg_attribute WHERE attrelid = 'threads'::regclass AND attnum = 2"));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void aMoveFailingInTheProbeLeavesTheDecisionToTheWholeMigrationsFinalResult(TestDatabase db) throws Exception {
        String v2 = "CREATE TABLE threads (id integer PRIMARY KEY);\n";
        Migrations migrations = atV1With(db, COUNTERS, v2, v2 + """
                CREATE FUNCTION deny_rename() RETURNS event_trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF current_query() LIKE '%RENAME%' THEN
                    RAISE EXCEPTION 'renames are not allowed here' USING ERRCODE = 'P0099';
                  END IF;
                END $$;
                CREATE EVENT TRIGGER deny_rename ON ddl_command_start WHEN TAG IN ('ALTER TABLE', 'ALTER INDEX')
                  EXECUTE FUNCTION deny_rename();
                """);
        try {
            // the probe cannot move the table aside; judged instead on the migration's final result (replayed on a shadow),
            // the database holds what V2 builds: adopted, never reported as V2's statement failing
            io.schemaguard.engine.UpgradeReport report = engine.upgrade(migrations.settings(db));

            assertEquals(io.schemaguard.engine.MigrationOutcome.Kind.ADOPTED, report.outcomes().get(0).kind(), report.outcomes().toString());
            assertEquals(List.of("1", "2"), versions(db));
            ProbeLeftovers.assertNone(db);
        } finally {
            db.execute("DROP EVENT TRIGGER deny_rename");
        }
    }
}
