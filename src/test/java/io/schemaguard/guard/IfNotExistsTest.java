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
 * IF NOT EXISTS answers an existing object with a duplicate-object notice and builds nothing: the
 * guard judges that notice exactly as the duplicate-object error (SPEC §3 "How a statement is judged").
 */
@ExtendWith(PostgresExtension.class)
class IfNotExistsTest {
    private static final String USERS = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n";

    private final RecordingLog log = new RecordingLog();
    private final SchemaEngine engine = new SchemaEngine(log);

    @TempDir
    Path dir;

    /** V1 (users) applied for real, V2 pending, and {@code handMade} built by hand. */
    private Migrations atV1With(TestDatabase db, String v2, String handMade) throws Exception {
        Migrations migrations = new Migrations(dir.resolve(db.name())).file("V1__users.sql", USERS).file("V2__more.sql", v2);
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

    private void assertAdopted(TestDatabase db, Migrations migrations, UpgradeReport report, String object) throws Exception {
        assertEquals(MigrationOutcome.Kind.ADOPTED, outcome(report, "2").kind(), report.toString());
        assertEquals(List.of("1 skipped " + object, "- adopted"), audit(db));
        assertEquals(List.of("1", "2"), versions(db));
        assertEquals(MigrationState.ADOPTED, engine.history(migrations.settings(db)).entries().get(1).state());
        assertTrue(log.lines().contains("V2__more.sql, statement 1: " + object + " already exists and is identical: skipped"),
                log.lines().toString());
        ProbeLeftovers.assertNone(db);
    }

    private void assertRefused(TestDatabase db, Migrations migrations, String... mentioned) throws Exception {
        List<String> before = db.column("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1");
        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.settings(db)));
        for (String text : mentioned) {
            assertTrue(refusal.getMessage().contains(text), refusal.getMessage());
        }
        assertTrue(refusal.getMessage().contains("Nothing of V2 was applied."), refusal.getMessage());
        assertEquals(List.of("1"), versions(db));
        assertEquals(before, db.column("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1"));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void createTableIfNotExistsOverAnIdenticalTableIsAdopted(TestDatabase db) throws Exception {
        String notes = "CREATE TABLE IF NOT EXISTS notes (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), body text NOT NULL)";
        Migrations migrations = atV1With(db, notes + ";\n", notes.replace(" IF NOT EXISTS", ""));

        assertAdopted(db, migrations, engine.upgrade(migrations.settings(db)), "table public.notes");
    }

    @Test
    void createTableIfNotExistsOverADifferentTableIsRefusedWithTheDiff(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db,
                "CREATE TABLE IF NOT EXISTS notes (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), body text NOT NULL);\n",
                "CREATE TABLE notes (id bigint PRIMARY KEY, body varchar(20))");

        assertRefused(db, migrations, "V2__more.sql, statement 1 (line 1): table public.notes already exists and differs",
                "column body", "column user_id");
        assertEquals("character varying", db.single("SELECT data_type FROM information_schema.columns WHERE table_name = 'notes'"
                + " AND column_name = 'body'"));
    }

    @Test
    void createIndexIfNotExistsIsJudgedBothWays(TestDatabase db) throws Exception {
        String index = "CREATE INDEX IF NOT EXISTS idx_users_email ON users (lower(email));\n";
        Migrations identical = atV1With(db, index, "CREATE INDEX idx_users_email ON users (lower(email))");
        assertAdopted(db, identical, engine.upgrade(identical.settings(db)), "index idx_users_email on public.users");

        TestDatabase other = db.server().createDatabaseFor("index_if_not_exists_different");
        Migrations different = atV1With(other, index, "CREATE INDEX idx_users_email ON users (email)");
        assertRefused(other, different, "index idx_users_email on public.users already exists and differs");
    }

    @Test
    void createSequenceIfNotExistsIsJudgedBothWays(TestDatabase db) throws Exception {
        String sequence = "CREATE SEQUENCE IF NOT EXISTS invoice_no START 1000 INCREMENT 5;\n";
        Migrations identical = atV1With(db, sequence, "CREATE SEQUENCE invoice_no START 1000 INCREMENT 5");
        assertAdopted(db, identical, engine.upgrade(identical.settings(db)), "sequence public.invoice_no");

        TestDatabase other = db.server().createDatabaseFor("sequence_if_not_exists_different");
        Migrations different = atV1With(other, sequence, "CREATE SEQUENCE invoice_no START 1000 INCREMENT 1");
        assertRefused(other, different, "sequence public.invoice_no already exists and differs");
    }

    @Test
    void addColumnIfNotExistsIsJudgedBothWays(TestDatabase db) throws Exception {
        String column = "ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname varchar(40) NOT NULL DEFAULT '';\n";
        Migrations identical = atV1With(db, column, "ALTER TABLE users ADD COLUMN nickname varchar(40) NOT NULL DEFAULT ''");
        assertAdopted(db, identical, engine.upgrade(identical.settings(db)), "column nickname on public.users");

        TestDatabase other = db.server().createDatabaseFor("column_if_not_exists_different");
        Migrations different = atV1With(other, column, "ALTER TABLE users ADD COLUMN nickname text");
        assertRefused(other, different, "column nickname on public.users already exists and differs", "column nickname");
        assertEquals("text", other.single("SELECT data_type FROM information_schema.columns WHERE column_name = 'nickname'"));
    }

    @Test
    void createSchemaAndExtensionIfNotExistsAreJudged(TestDatabase db) throws Exception {
        Migrations identical = atV1With(db, "CREATE SCHEMA IF NOT EXISTS reporting;\n", "CREATE SCHEMA reporting");
        assertAdopted(db, identical, engine.upgrade(identical.settings(db)), "schema reporting");

        TestDatabase other = db.server().createDatabaseFor("extension_if_not_exists_different");
        Migrations different = atV1With(other, "CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public;\n",
                "CREATE SCHEMA crypto; CREATE EXTENSION pgcrypto SCHEMA crypto");
        assertRefused(other, different, "extension pgcrypto already exists and differs", "schema");
    }

    @Test
    void onlyThePartThatGotTheNoticeIsSkippedTheOtherPartIsBuilt(TestDatabase db) throws Exception {
        String v2 = "ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text, ADD COLUMN bio text;\n";
        Migrations identical = atV1With(db, v2, "ALTER TABLE users ADD COLUMN nickname text");

        UpgradeReport report = engine.upgrade(identical.settings(db));

        assertEquals(MigrationOutcome.Kind.COMPLETED, outcome(report, "2").kind(), report.toString());
        assertEquals("text", db.single("SELECT data_type FROM information_schema.columns WHERE column_name = 'bio'"));
        assertEquals(List.of("1 skipped column nickname on public.users", "1 built column bio on public.users", "- completed"), audit(db));
        assertEquals(MigrationState.COMPLETED, engine.history(identical.settings(db)).entries().get(1).state());
        ProbeLeftovers.assertNone(db);

        TestDatabase other = db.server().createDatabaseFor("notice_part_different");
        Migrations different = atV1With(other, v2, "ALTER TABLE users ADD COLUMN nickname varchar(10)");
        assertRefused(other, different, "column nickname on public.users already exists and differs");
        assertNull(other.single("SELECT column_name FROM information_schema.columns WHERE column_name = 'bio'"), "bio not left behind");
    }

    @Test
    void aDryRunJudgesTheNoticeAndChangesNothing(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "CREATE TABLE IF NOT EXISTS notes (id bigint PRIMARY KEY, body text NOT NULL);\n",
                "CREATE TABLE notes (id bigint PRIMARY KEY, body varchar(20))");

        GuardRefusal refusal = assertThrows(GuardRefusal.class, () -> engine.upgrade(migrations.dryRunSettings(db)));

        assertTrue(refusal.getMessage().contains("table public.notes already exists and differs"), refusal.getMessage());
        assertEquals(List.of("1"), versions(db));
        assertNull(db.single("SELECT to_regclass('public.flyway_schema_history_audit')"));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void withGuardOffTheNoticeIsIgnoredAsFlywayIgnoresIt(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "CREATE TABLE IF NOT EXISTS notes (id bigint PRIMARY KEY, body text NOT NULL);\n",
                "CREATE TABLE notes (id bigint PRIMARY KEY, body varchar(20))");

        UpgradeReport report = engine.upgrade(migrations.settings(db, null, GuardMode.OFF));

        assertEquals(MigrationOutcome.Kind.APPLIED, outcome(report, "2").kind());
        assertEquals(List.of("1", "2"), versions(db));
        assertEquals("character varying", db.single("SELECT data_type FROM information_schema.columns WHERE table_name = 'notes'"
                + " AND column_name = 'body'"));
    }

    @Test
    void aNoticeFromAStatementTheGuardCannotCompareIsNotJudgedButTold(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, "DO $$ BEGIN CREATE TABLE IF NOT EXISTS notes (id bigint); END $$;\n",
                "CREATE TABLE notes (id bigint, body text)");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.APPLIED, outcome(report, "2").kind());
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN V2__more.sql, statement 1 (line 1): the server said an object"
                + " already exists (SQLSTATE 42P07)")), log.lines().toString());
    }
}
