package io.schemaguard.guard;

import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.MigrationState;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProbeLeftovers;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A statement is skipped only when everything it builds is there and identical; otherwise its
 * missing parts are built (the migration is completed) or the migration is refused naming them.
 */
@ExtendWith(PostgresExtension.class)
class StatementPartsTest {
    private static final String BASE = "CREATE TABLE base (id bigint PRIMARY KEY);\nCREATE TABLE t (id bigint PRIMARY KEY);\n";

    private final RecordingLog log = new RecordingLog();
    private final SchemaEngine engine = new SchemaEngine(log);

    @TempDir
    Path dir;

    private Migrations atV1With(TestDatabase db, String v2, String handMade) throws Exception {
        Migrations migrations = new Migrations(dir.resolve(db.name())).file("V1__base.sql", BASE).file("V2__more.sql", v2);
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute(handMade);
        return migrations;
    }

    private static MigrationOutcome outcome(UpgradeReport report, String version) {
        return report.outcomes().stream().filter(o -> version.equals(o.version())).findFirst().orElseThrow();
    }

    private static List<String> audit(TestDatabase db) throws Exception {
        return db.column("SELECT coalesce(statement_number::text, '-') || ' ' || decision || coalesce(' ' || object, '') "
                + "FROM flyway_schema_history_audit ORDER BY id");
    }

    private static List<String> versions(TestDatabase db) throws Exception {
        return db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static List<String> constraints(TestDatabase db, String table) throws Exception {
        return db.column("SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '" + table
                + "'::regclass AND contype <> 'n' ORDER BY conname");
    }

    private static List<String> objects(TestDatabase db) throws Exception {
        return db.column("SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') ORDER BY 1");
    }

    private GuardRefusal assertRefused(TestDatabase db, Migrations migrations, String... mentioned) throws Exception {
        List<String> before = objects(db);
        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(db)));
        for (String text : mentioned) {
            assertTrue(refusal.getMessage().contains(text), refusal.getMessage());
        }
        assertTrue(refusal.getMessage().contains("Nothing of V2 was applied."), refusal.getMessage());
        assertEquals(List.of("1"), versions(db));
        assertEquals(before, objects(db));
        ProbeLeftovers.assertNone(db);
        return refusal;
    }

    private void assertCompleted(TestDatabase db, Migrations migrations, UpgradeReport report) throws Exception {
        assertEquals(MigrationOutcome.Kind.COMPLETED, outcome(report, "2").kind(), report.toString());
        assertEquals(MigrationState.COMPLETED, engine.history(migrations.settings(db)).entries().get(1).state());
        assertEquals(List.of("1", "2"), versions(db));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void aReferencesOnAnExistingPlainColumnIsBuilt(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "ALTER TABLE t ADD COLUMN x bigint REFERENCES base (id);\n", "ALTER TABLE t ADD COLUMN x bigint");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertCompleted(db, migrations, report);
        assertEquals(List.of("t_pkey PRIMARY KEY (id)", "t_x_fkey FOREIGN KEY (x) REFERENCES base(id)"), constraints(db, "t"));
        assertEquals(List.of("1 skipped column x on public.t", "1 built constraint t_x_fkey on public.t", "- completed"), audit(db));
        assertTrue(log.lines().contains("V2__more.sql, statement 1: built the rest of what it builds: constraint t_x_fkey on public.t"),
                log.lines().toString());
    }

    @Test
    void aReferencesThatIsAlreadyThereIsNotBuiltTwice(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "ALTER TABLE t ADD COLUMN x bigint REFERENCES base (id);\n",
                "ALTER TABLE t ADD COLUMN x bigint REFERENCES base (id)");

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(engine.upgrade(migrations.settings(db)), "2").kind());
        assertEquals(List.of("t_pkey PRIMARY KEY (id)", "t_x_fkey FOREIGN KEY (x) REFERENCES base(id)"), constraints(db, "t"));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void aReferencesOtherThanTheOneThereIsRefused(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "ALTER TABLE t ADD COLUMN x bigint REFERENCES base (id) ON DELETE CASCADE;\n",
                "ALTER TABLE t ADD COLUMN x bigint REFERENCES base (id)");

        assertRefused(db, migrations, "foreign key t_x_fkey  expected FOREIGN KEY (x) REFERENCES public.base(id) ON DELETE CASCADE  found"
                + " FOREIGN KEY (x) REFERENCES public.base(id)");
        assertEquals(List.of("t_pkey PRIMARY KEY (id)", "t_x_fkey FOREIGN KEY (x) REFERENCES base(id)"), constraints(db, "t"));
    }

    @Test
    void aReferencesTheDataDoesNotSatisfyIsRefusedNamingIt(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "ALTER TABLE t ADD COLUMN x bigint REFERENCES base (id);\n",
                "ALTER TABLE t ADD COLUMN x bigint; INSERT INTO t VALUES (1, 42)");

        GuardRefusal refusal = assertRefused(db, migrations, "it also builds what the database does not hold",
                "foreign key t_x_fkey  expected FOREIGN KEY (x) REFERENCES public.base(id)  found (missing)", "SQLSTATE 23503");
        assertFalse(refusal.getMessage().contains("schema.force"), refusal.getMessage());
        assertEquals(List.of("t_pkey PRIMARY KEY (id)"), constraints(db, "t"));
    }

    @Test
    void theColumnThatDoesNotExistYetIsBuilt(TestDatabase db) throws Exception {
        String v2 = "ALTER TABLE t ADD COLUMN a integer, ADD COLUMN b integer NOT NULL DEFAULT 7;\n";
        Migrations identical = atV1With(db, v2, "ALTER TABLE t ADD COLUMN a integer");

        assertCompleted(db, identical, engine.upgrade(identical.settings(db)));
        assertEquals(List.of("id", "a", "b"), db.column("SELECT attname FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0"
                + " AND NOT attisdropped ORDER BY attnum"));
        assertEquals("7", db.single("SELECT column_default FROM information_schema.columns WHERE table_name = 't' AND column_name = 'b'"));
        assertEquals(List.of("1 skipped column a on public.t", "1 built column b on public.t", "- completed"), audit(db));

        TestDatabase other = db.server().createDatabaseFor("parts_column_different");
        Migrations different = atV1With(other, v2, "ALTER TABLE t ADD COLUMN a bigint");
        assertRefused(other, different, "column a on public.t already exists and differs");
        assertNull(other.single("SELECT column_name FROM information_schema.columns WHERE column_name = 'b'"));
    }

    @Test
    void theColumnBesideAnExistingConstraintIsBuilt(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "ALTER TABLE t ADD CONSTRAINT t_id_positive CHECK (id > 0), ADD COLUMN note text;\n",
                "ALTER TABLE t ADD CONSTRAINT t_id_positive CHECK (id > 0)");

        assertCompleted(db, migrations, engine.upgrade(migrations.settings(db)));
        assertEquals("text", db.single("SELECT data_type FROM information_schema.columns WHERE column_name = 'note'"));
        assertEquals(List.of("1 skipped constraint t_id_positive on public.t", "1 built column note on public.t", "- completed"), audit(db));
    }

    @Test
    void aSerialColumnsSequenceIsPartOfWhatIsBuilt(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "ALTER TABLE t ADD COLUMN a integer, ADD COLUMN seqno serial;\n",
                "ALTER TABLE t ADD COLUMN a integer");

        assertCompleted(db, migrations, engine.upgrade(migrations.settings(db)));
        assertEquals("t.seqno", db.single("SELECT d.refobjid::regclass || '.' || a.attname FROM pg_depend d JOIN pg_attribute a"
                + " ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE d.objid = 'public.t_seqno_seq'::regclass AND d.deptype = 'a'"));
        assertTrue(audit(db).contains("1 built column seqno on public.t, sequence public.t_seqno_seq"), audit(db).toString());
    }

    @Test
    void createSchemaWithElementsOverAnEmptySchemaIsRefusedNamingWhatIsMissing(TestDatabase db) throws Exception {
        String v2 = "CREATE SCHEMA app\n  CREATE TABLE items (id bigint PRIMARY KEY, name text)\n"
                + "  CREATE VIEW item_names AS SELECT name FROM items;\n";
        Migrations migrations = atV1With(db, v2, "CREATE SCHEMA app");

        assertRefused(db, migrations, "it also builds what the database does not hold", "table app.items", "view app.item_names");
        assertEquals(List.of(), db.column("SELECT relname FROM pg_class WHERE relnamespace = 'app'::regnamespace"));
    }

    @Test
    void createSchemaWithElementsIsAdoptedWhenItsElementsAreThereAndRefusedWhenTheyDiffer(TestDatabase db) throws Exception {
        String v2 = "CREATE SCHEMA app\n  CREATE TABLE items (id bigint PRIMARY KEY, name text)\n"
                + "  CREATE VIEW item_names AS SELECT name FROM items;\n";
        Migrations identical = atV1With(db, v2, "CREATE SCHEMA app; CREATE TABLE app.items (id bigint PRIMARY KEY, name text);"
                + " CREATE VIEW app.item_names AS SELECT name FROM app.items");
        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(engine.upgrade(identical.settings(db)), "2").kind());
        ProbeLeftovers.assertNone(db);

        TestDatabase other = db.server().createDatabaseFor("schema_elements_different");
        Migrations different = atV1With(other, v2, "CREATE SCHEMA app; CREATE TABLE app.items (id bigint PRIMARY KEY, name varchar(5));"
                + " CREATE VIEW app.item_names AS SELECT name FROM app.items");
        assertRefused(other, different, "table app.items already exists and differs", "column name");
    }

    @Test
    void aStatementWhoseEveryPartIsThereIsStillSkippedAsBefore(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "ALTER TABLE t ADD COLUMN a integer, ADD COLUMN b text;\n",
                "ALTER TABLE t ADD COLUMN a integer, ADD COLUMN b text");

        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(engine.upgrade(migrations.settings(db)), "2").kind());
        assertEquals(List.of("1 skipped column a on public.t", "1 skipped column b on public.t", "- adopted"), audit(db));
    }
}
