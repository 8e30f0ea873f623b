package io.schemaguard.guard;

import io.schemaguard.engine.HistoryEntry;
import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.MigrationState;
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

@ExtendWith(PostgresExtension.class)
class GuardedUpgradeTest {
    private static final String USERS = "CREATE TABLE users (id uuid PRIMARY KEY, email varchar(255) NOT NULL UNIQUE);\n";
    private static final String THREADS = """
            CREATE TABLE communication_threads (
                id uuid PRIMARY KEY,
                responsible_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
                status varchar(20) NOT NULL DEFAULT 'open',
                unread_count integer NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX idx_threads_status ON communication_threads (status, created_at DESC);
            """;

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations seed() {
        return new Migrations(dir.resolve("db"))
                .file("V1__users.sql", USERS)
                .file("V2__threads.sql", THREADS);
    }

    /** Applies V1 for real, then builds {@code handMade} by hand, as if someone had. */
    private Migrations atV1With(TestDatabase db, String handMade) throws Exception {
        Migrations migrations = seed();
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute(handMade);
        return migrations;
    }

    private static MigrationOutcome outcome(UpgradeReport report, String version) {
        return report.outcomes().stream().filter(o -> version.equals(o.version())).findFirst().orElseThrow();
    }

    private static List<String> schemaObjects(TestDatabase db) throws Exception {
        return db.column("""
                SELECT c.relkind::text || ' ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') ORDER BY 1""");
    }

    private static void assertNoProbeLeftovers(TestDatabase db) throws Exception {
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void anIdenticalTableAndIndexAreAdoptedAndAudited(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, THREADS);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(report, "2").kind());
        assertEquals(2, outcome(report, "2").skipped().size());
        assertEquals(List.of("1 skipped table public.communication_threads",
                        "2 skipped index idx_threads_status on public.communication_threads", "- adopted"),
                db.column("SELECT coalesce(statement_number::text, '-') || ' ' || decision || coalesce(' ' || object, '') "
                        + "FROM flyway_schema_history_audit ORDER BY id"));
        HistoryEntry v2 = engine.history(migrations.settings(db)).entries().get(1);
        assertEquals(MigrationState.ADOPTED, v2.state());
        assertNoProbeLeftovers(db);
    }

    @Test
    void aDryRunReportsWhatWouldHappenAndChangesNothing(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, THREADS.substring(0, THREADS.indexOf("CREATE INDEX")));
        migrations.file("V3__more.sql", "CREATE TABLE notes (id bigint PRIMARY KEY);\n");
        List<String> before = schemaObjects(db);

        UpgradeReport report = engine.upgrade(migrations.dryRunSettings(db));

        assertTrue(report.dryRun());
        assertEquals(MigrationOutcome.Kind.COMPLETED, outcome(report, "2").kind());
        assertEquals(MigrationOutcome.Kind.APPLIED, outcome(report, "3").kind());
        assertEquals(before, schemaObjects(db), "no object created");
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
        assertNull(db.single("SELECT to_regclass('public.flyway_schema_history_audit')"), "no audit table either");
        assertNoProbeLeftovers(db);
    }

    @Test
    void aCandidateThatFailsInTheProbeLeavesTheIncumbentInPlace(TestDatabase db) throws Exception {
        // The collision (42P07) is raised before the foreign key is resolved; the probe's candidate then fails on it.
        Migrations migrations = atV1With(db, "CREATE TABLE communication_threads (id uuid PRIMARY KEY, status text)");
        migrations.file("V2__threads.sql", "CREATE TABLE communication_threads (id uuid PRIMARY KEY, "
                + "owner_id uuid REFERENCES no_such_table (id));\n");
        List<String> before = schemaObjects(db);

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(failure.getMessage().contains("SQLSTATE 42P01"), failure.getMessage());
        assertTrue(failure.getMessage().contains("V2__threads.sql"), failure.getMessage());
        assertEquals(before, schemaObjects(db));
        assertEquals("status", db.single("SELECT attname FROM pg_attribute WHERE attrelid = 'public.communication_threads'::regclass AND attnum = 2"));
        assertNoProbeLeftovers(db);
    }

    @Test
    void flywaysParserStillSplitsDollarQuotesAndCopyFromStdin(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__parser.sql", """
                CREATE TABLE codes (code text PRIMARY KEY, label text);
                CREATE FUNCTION label_of(c text) RETURNS text LANGUAGE plpgsql AS $body$
                BEGIN
                  RETURN (SELECT label FROM codes WHERE code = c); -- a semicolon inside the dollar quote
                END $body$;
                COPY codes (code, label) FROM STDIN;
                a\tfirst; not a statement end
                b\tsecond
                \\.
                CREATE FUNCTION code_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM codes';
                """);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.APPLIED, outcome(report, "1").kind());
        assertEquals("first; not a statement end", db.single("SELECT label_of('a')"));
        assertEquals("2", db.single("SELECT code_count()"));
    }

    @Test
    void aBeginAtomicBodyIsOneStatementAndAnIdenticalOneIsAdopted(TestDatabase db) throws Exception {
        assumeTrue(Integer.parseInt(db.single("SHOW server_version_num")) >= 140000, "SQL-standard function bodies came with PostgreSQL 14");
        String function = "CREATE FUNCTION answer() RETURNS integer LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 41;\n  SELECT 42;\nEND;\n";
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__answer.sql", function);
        engine.upgrade(migrations.settings(db));
        assertEquals("42", db.single("SELECT answer()"));
        db.execute("DELETE FROM flyway_schema_history WHERE version = '2'");

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(engine.upgrade(migrations.settings(db)), "2").kind());
        assertNoProbeLeftovers(db);
    }

    @Test
    void aTableWithoutItsIndexIsCompleted(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, THREADS.substring(0, THREADS.indexOf("CREATE INDEX")));

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.COMPLETED, outcome(report, "2").kind());
        assertNotNull(db.single("SELECT to_regclass('public.idx_threads_status')"), "the missing index was created");
        assertEquals(MigrationState.COMPLETED, engine.history(migrations.settings(db)).entries().get(1).state());
    }

    @Test
    void aDifferentTableIsRefusedWithADiffAndNothingOfTheMigrationPersists(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "CREATE TABLE communication_threads (id uuid PRIMARY KEY, "
                + "responsible_user_id uuid REFERENCES users (id) ON DELETE SET NULL, status text, created_at timestamptz NOT NULL DEFAULT now())");
        List<String> before = schemaObjects(db);

        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(db)));

        String message = refusal.getMessage();
        assertTrue(message.startsWith("V2__threads.sql, statement 1 (line 1): table public.communication_threads already exists"
                + " and differs from what this statement builds:"), message);
        assertTrue(message.contains("column status"), message);
        assertTrue(message.contains("column unread_count"), message);
        assertTrue(message.contains("Nothing of V2 was applied."), message);
        assertEquals(before, schemaObjects(db), "no object added or removed");
        assertEquals(List.of("1"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
        assertNoProbeLeftovers(db);
    }

    @Test
    void aSameNamedIndexOnOtherColumnsIsRefused(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, THREADS.replace("(status, created_at DESC)", "(created_at)"));

        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(refusal.getMessage().contains("statement 2 (line 8): index idx_threads_status on public.communication_threads"
                + " already exists and differs"), refusal.getMessage());
        assertNoProbeLeftovers(db);
    }

    @Test
    void columnsConstraintsAndTriggersAddedByAlterTableAreComparedOneByOne(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__users.sql", USERS)
                .file("V2__more.sql", """
                        ALTER TABLE users ADD COLUMN nickname varchar(40) NOT NULL DEFAULT '', ADD CONSTRAINT users_nick_check CHECK (length(nickname) < 41);
                        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                        CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
                        """);
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute("""
                ALTER TABLE users ADD COLUMN nickname character varying(40) DEFAULT ''::character varying NOT NULL;
                ALTER TABLE users ADD CONSTRAINT users_nick_check CHECK ((length((nickname)::text) < 41));
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
                """);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(report, "2").kind(), outcome(report, "2").toString());
        assertNoProbeLeftovers(db);
    }

    @Test
    void aColumnOfAnotherTypeIsRefused(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__users.sql", USERS)
                .file("V2__nickname.sql", "ALTER TABLE users ADD COLUMN nickname varchar(40);\n");
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute("ALTER TABLE users ADD COLUMN nickname text");

        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(refusal.getMessage().contains("column nickname"), refusal.getMessage());
        assertEquals("text", db.single("SELECT data_type FROM information_schema.columns WHERE column_name = 'nickname'"));
        assertNoProbeLeftovers(db);
    }

    @Test
    void everyObjectKindIsAdoptedWhenIdenticalAndRefusedWhenDifferent(TestDatabase db) throws Exception {
        List<String[]> cases = List.of(
                new String[] {"CREATE VIEW active_users AS SELECT id, email FROM users WHERE email <> ''",
                        "CREATE VIEW active_users AS SELECT id FROM users"},
                new String[] {"CREATE MATERIALIZED VIEW user_count AS SELECT count(*) AS n FROM users",
                        "CREATE MATERIALIZED VIEW user_count AS SELECT count(*) AS total FROM users"},
                new String[] {"CREATE SEQUENCE invoice_no START 1000 INCREMENT 5",
                        "CREATE SEQUENCE invoice_no START 1000 INCREMENT 1"},
                new String[] {"CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT i + 1'",
                        "CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT i + 2'"},
                new String[] {"CREATE PROCEDURE noop() LANGUAGE sql AS 'SELECT 1'",
                        "CREATE PROCEDURE noop() LANGUAGE sql AS 'SELECT 2'"},
                new String[] {"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                        "CREATE TYPE mood AS ENUM ('ok', 'sad', 'happy')"},
                new String[] {"CREATE TYPE money_amount AS (amount numeric(12,2), currency char(3))",
                        "CREATE TYPE money_amount AS (amount numeric(12,2), currency text)"},
                new String[] {"CREATE DOMAIN email_address AS text CHECK (VALUE LIKE '%@%')",
                        "CREATE DOMAIN email_address AS text CHECK (VALUE LIKE '%@%.%')"});
        for (String[] kind : cases) {
            String migration = kind[0] + ";\n";
            // identical: adopted
            TestDatabase identicalDb = db.server().createDatabaseFor("kind_identical");
            Migrations identical = new Migrations(dir.resolve("identical-" + cases.indexOf(kind)))
                    .file("V1__users.sql", USERS).file("V2__object.sql", migration);
            engine.upgrade(identical.settings(identicalDb, "1", GuardMode.VERIFY));
            identicalDb.execute(kind[0]);
            UpgradeReport adopted = engine.upgrade(identical.settings(identicalDb));
            assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(adopted, "2").kind(), kind[0]);
            assertNoProbeLeftovers(identicalDb);
            // different: refused
            TestDatabase differentDb = db.server().createDatabaseFor("kind_different");
            engine.upgrade(identical.settings(differentDb, "1", GuardMode.VERIFY));
            differentDb.execute(kind[1]);
            GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(identical.settings(differentDb)), kind[1]);
            assertTrue(refusal.getMessage().contains("already exists and differs"), refusal.getMessage());
            assertNoProbeLeftovers(differentDb);
        }
    }

    @Test
    void aTableIsComparedUnderTheNamesPostgresqlGeneratesForItsSequencesIndexesAndConstraints(TestDatabase db) throws Exception {
        // Long enough that every generated name is truncated to 63 bytes, the renamed incumbent's too.
        String table = "invoice_lines_of_customers_with_a_rather_long_name_to_truncate";
        String identical = "CREATE TABLE " + table + " (id bigserial PRIMARY KEY, number integer GENERATED ALWAYS AS IDENTITY,"
                + " user_id uuid REFERENCES users (id), code text UNIQUE, quantity integer NOT NULL CHECK (quantity > 0))";
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__users.sql", USERS).file("V2__lines.sql", identical + ";\n");
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute(identical);

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(engine.upgrade(migrations.settings(db)), "2").kind());
        assertNoProbeLeftovers(db);

        TestDatabase differentDb = db.server().createDatabaseFor("generated_names_different");
        engine.upgrade(migrations.settings(differentDb, "1", GuardMode.VERIFY));
        differentDb.execute(identical.replace("quantity > 0", "quantity >= 0"));
        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(differentDb)));
        assertTrue(refusal.getMessage().contains("quantity >= 0"), refusal.getMessage());
        assertNoProbeLeftovers(differentDb);
    }

    @Test
    void aForeignKeyToAPartitionedTableIsComparedByItsOwnDefinitionNotByTheRowsPostgresqlDerivesPerPartition(TestDatabase db)
            throws Exception {
        String readings = "CREATE TABLE readings (id serial PRIMARY KEY, measurement_id bigint, region text,"
                + " FOREIGN KEY (measurement_id, region) REFERENCES measurements (id, region) ON DELETE CASCADE)";
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__measurements.sql", """
                        CREATE TABLE measurements (id bigint, region text, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
                        CREATE TABLE measurements_eu PARTITION OF measurements FOR VALUES IN ('eu');
                        CREATE TABLE measurements_us PARTITION OF measurements FOR VALUES IN ('us');
                        """)
                .file("V2__readings.sql", readings + ";\n");
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute(readings);

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(engine.upgrade(migrations.settings(db)), "2").kind());
        assertNoProbeLeftovers(db);

        TestDatabase differentDb = db.server().createDatabaseFor("partitioned_reference_different");
        engine.upgrade(migrations.settings(differentDb, "1", GuardMode.VERIFY));
        differentDb.execute(readings.replace(" ON DELETE CASCADE", ""));
        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(differentDb)));
        assertTrue(refusal.getMessage().contains("ON DELETE CASCADE"), refusal.getMessage());
        assertNoProbeLeftovers(differentDb);
    }

    @Test
    void schemasAndExtensionsThatExistAreAdopted(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__users.sql", USERS)
                .file("V2__schema_and_extension.sql", "CREATE SCHEMA reporting;\nCREATE EXTENSION pgcrypto;\n");
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute("CREATE SCHEMA reporting; CREATE EXTENSION pgcrypto");

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(engine.upgrade(migrations.settings(db)), "2").kind());
    }

    @Test
    void anObjectOfAnotherKindUnderTheSameNameIsRefused(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "CREATE VIEW communication_threads AS SELECT 1 AS id");

        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(refusal.getMessage().contains("found view"), refusal.getMessage());
        assertNoProbeLeftovers(db);
    }

    @Test
    void decisionsDoNotDependOnTheErrorMessage(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, THREADS);
        // The embedded binaries carry no translations; an event trigger answers the CREATE TABLE with the same SQLSTATE and a
        // message in another language that names nothing — as a server with lc_messages in Spanish would, and worse.
        db.execute("""
                CREATE FUNCTION deny_existing() RETURNS event_trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF to_regclass('public.communication_threads') IS NOT NULL AND current_query() LIKE '%TABLE communication_threads%' THEN
                    RAISE EXCEPTION 'la relación ya existe (sin nombre)' USING ERRCODE = '42P07';
                  END IF;
                END $$;
                CREATE EVENT TRIGGER deny_existing ON ddl_command_start WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION deny_existing();
                """);

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(report, "2").kind());
        db.execute("DROP EVENT TRIGGER deny_existing");
    }

    @Test
    void anIndexBuiltConcurrentlyIsComparedWithoutHanging(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__users.sql", USERS)
                .file("V2__index.sql", "CREATE INDEX CONCURRENTLY idx_users_email ON users (lower(email));\n");
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute("CREATE INDEX idx_users_email ON users (lower(email))");

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(engine.upgrade(migrations.settings(db)), "2").kind());
        assertNoProbeLeftovers(db);
    }

    @Test
    void withGuardOffTheStatementFailsAsInFlyway(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, THREADS);

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db, null, GuardMode.OFF)));

        assertFalse(failure instanceof GuardRefusal);
        assertTrue(failure.getMessage().startsWith("V2__threads.sql, line 1: the statement failed (SQLSTATE 42P07)"), failure.getMessage());
    }

    @Test
    void aSchemaWithObjectsButNoHistoryIsAdoptedWhenIdentical(TestDatabase db) throws Exception {
        db.execute(USERS + THREADS);
        Migrations migrations = seed();

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED),
                report.outcomes().stream().map(MigrationOutcome::kind).toList());
        assertEquals(List.of("1", "2"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
    }

    // SPEC §3: a schema without history is adopted in one replay, so a CREATE and a later ALTER of the same table adopt.
    @Test
    void withoutHistoryAnObjectChangedByALaterMigrationIsAdoptedInOneReplay(TestDatabase db) throws Exception {
        db.execute(USERS + THREADS + "ALTER TABLE users ADD COLUMN nickname text;");
        Migrations migrations = seed().file("V3__nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;\n");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED),
                report.outcomes().stream().map(MigrationOutcome::kind).toList());
        assertEquals(List.of("1", "2", "3"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
    }
}
