package io.schemaguard.guard;

import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.FlywayOptions;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A transactional migration runs as plain Flyway runs it; only when a statement collides is it
 * rolled back and run again guarded, with the outcome, audit rows and messages of a guarded run.
 */
@ExtendWith(PostgresExtension.class)
class OptimisticExecutionTest {
    private static final String V1 = """
            CREATE TABLE users (id int PRIMARY KEY);
            CREATE TABLE marks (migration text);
            CREATE SEQUENCE tickets;
            """;
    private static final String NOTES = "CREATE TABLE notes (id int PRIMARY KEY);\n";

    private final RecordingLog log = new RecordingLog();
    private final SchemaEngine engine = new SchemaEngine(log);
    private int linesBefore; // the log's lines of the setup, before the upgrade under test

    @TempDir
    Path dir;

    /**
     * Two statements each inserting a mark: rows inserted under a savepoint of their own carry that
     * subtransaction's id, so the marks of a migration run without savepoints between them share one.
     */
    private static String marks(String migration) {
        String mark = "INSERT INTO marks VALUES ('" + migration + "');\n";
        return mark + mark;
    }

    /** V1 applied, then {@code handMade} built by hand; {@code v2} pending. */
    private Migrations atV1With(TestDatabase db, String handMade, String v2) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__base.sql", V1);
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        if (handMade != null) {
            db.execute(handMade);
        }
        linesBefore = log.lines().size();
        return migrations.file("V2__more.sql", v2);
    }

    private static List<String> audit(TestDatabase db) throws Exception {
        if (!db.tableExists("public.flyway_schema_history_audit")) {
            return List.of();
        }
        return db.column("SELECT coalesce(statement_number::text, '-') || ' ' || decision || coalesce(' ' || object, '') "
                + "FROM flyway_schema_history_audit ORDER BY id");
    }

    private static List<String> versions(TestDatabase db) throws Exception {
        return db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
    }

    private static MigrationOutcome outcome(UpgradeReport report, String version) {
        return report.outcomes().stream().filter(o -> version.equals(o.version())).findFirst().orElseThrow();
    }

    private List<String> linesOf(String script) {
        List<String> lines = log.lines();
        return lines.subList(linesBefore, lines.size()).stream().filter(l -> l.startsWith(script) || l.startsWith("WARN " + script)).toList();
    }

    private static int transactionsOfMarks(TestDatabase db, String migration) throws Exception {
        return Integer.parseInt(db.single("SELECT count(DISTINCT xmin::text) FROM marks WHERE migration = '" + migration + "'"));
    }

    @Test
    void aMigrationWithoutCollisionRunsWithoutASavepointPerStatement(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, null, "CREATE TABLE orders (id int PRIMARY KEY);\nCREATE INDEX orders_id ON orders (id);\n"
                + "INSERT INTO orders VALUES (1);\n" + marks("V2"));

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.APPLIED, outcome(report, "2").kind());
        assertEquals(1, transactionsOfMarks(db, "V2"), "no savepoint between the statements");
        assertEquals(List.of("1", "2"), versions(db));
        assertEquals(List.of(), audit(db));
    }

    @Test
    void aCollisionInTheThirdStatementRollsTheFirstTwoBackAndRunsTheMigrationAgainGuarded(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, NOTES, """
                CREATE TABLE events (id int PRIMARY KEY, what text);
                INSERT INTO events VALUES (1, 'first');
                CREATE TABLE notes (id int PRIMARY KEY);
                UPDATE events SET what = what || ' updated';
                INSERT INTO events VALUES (2, 'second');
                """ + marks("V2"));

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.COMPLETED, outcome(report, "2").kind());
        assertEquals(List.of("statement 3: table public.notes already exists and is identical"), outcome(report, "2").skipped());
        assertEquals(List.of("3 skipped table public.notes", "- completed"), audit(db));
        assertEquals(List.of("V2__more.sql, statement 3: table public.notes already exists and is identical: skipped"), linesOf("V2__more.sql"));
        assertEquals(List.of("1 first updated", "2 second"), db.column("SELECT id || ' ' || what FROM events ORDER BY id"),
                "the statements before the collision ran once");
        assertEquals(2, transactionsOfMarks(db, "V2"), "run again statement by statement, under savepoints");
        assertEquals(List.of("1", "2"), versions(db));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void anIfNotExistsNoticeRunsTheMigrationAgainGuarded(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, NOTES, """
                CREATE TABLE events (id int PRIMARY KEY);
                INSERT INTO events VALUES (1);
                CREATE TABLE IF NOT EXISTS notes (id int PRIMARY KEY);
                UPDATE events SET id = id + 10;
                """ + marks("V2"));

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.COMPLETED, outcome(report, "2").kind());
        assertEquals(List.of("3 skipped table public.notes", "- completed"), audit(db));
        assertEquals(List.of("11"), db.column("SELECT id::text FROM events"));
        assertEquals(2, transactionsOfMarks(db, "V2"), "run again statement by statement, under savepoints");
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void aNoticeTheGuardCannotJudgeIsReportedOnceWhetherOrNotTheMigrationRunsAgain(TestDatabase db) throws Exception {
        String unjudged = "DO $$ BEGIN CREATE TABLE IF NOT EXISTS notes (id int PRIMARY KEY); END $$;\n";
        Migrations migrations = atV1With(db, NOTES + "CREATE TABLE users_copy (id int);\n", unjudged
                + "CREATE TABLE events (id int);\n" + "CREATE TABLE users_copy (id int);\n");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(MigrationOutcome.Kind.COMPLETED, outcome(report, "2").kind());
        List<String> lines = linesOf("V2__more.sql");
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("WARN V2__more.sql, statement 1 (line 1): the server said an object already exists"), lines.get(0));
        assertEquals("V2__more.sql, statement 3: table public.users_copy already exists and is identical: skipped", lines.get(1));

        linesBefore = log.lines().size();
        migrations.file("V3__again.sql", unjudged.replace("notes", "events"));
        engine.upgrade(migrations.settings(db));
        List<String> again = linesOf("V3__again.sql");
        assertEquals(1, again.size(), again.toString());
        assertTrue(again.get(0).startsWith("WARN V3__again.sql, statement 1 (line 1): the server said an object already exists"), again.get(0));
    }

    @Test
    void aStatementFailingForAnotherReasonFailsTheMigrationAsBeforeWithoutRunningItAgain(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, null, """
                CREATE TABLE events (id int PRIMARY KEY);
                SELECT nextval('tickets');
                INSERT INTO nowhere VALUES (1);
                """);

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(migrations.settings(db)));

        assertTrue(failure.getMessage().contains("V2__more.sql") && failure.getMessage().contains("42P01"), failure.getMessage());
        assertEquals("1", db.single("SELECT last_value FROM tickets"), "the migration ran once");
        assertFalse(db.tableExists("public.events"));
        assertEquals(List.of("1"), versions(db));
        assertEquals(List.of(), audit(db));
    }

    @Test
    void inAGroupTheMigrationThatCollidesRunsAgainGuardedAndTheOthersOnce(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, NOTES, """
                CREATE TABLE events (id int PRIMARY KEY);
                INSERT INTO events VALUES (1);
                """).file("V3__notes.sql", """
                CREATE TABLE remarks (id int PRIMARY KEY);
                INSERT INTO remarks VALUES (1);
                CREATE TABLE notes (id int PRIMARY KEY);
                UPDATE events SET id = id + 10;
                INSERT INTO remarks VALUES (2);
                """);

        UpgradeReport report = engine.upgrade(grouped(migrations, db));

        assertEquals(MigrationOutcome.Kind.APPLIED, outcome(report, "2").kind());
        assertEquals(MigrationOutcome.Kind.COMPLETED, outcome(report, "3").kind());
        assertEquals(List.of("3 skipped table public.notes", "- completed"), audit(db));
        assertEquals(List.of("11"), db.column("SELECT id::text FROM events"));
        assertEquals(List.of("1", "2"), db.column("SELECT id::text FROM remarks ORDER BY id"));
        assertEquals(List.of("1", "2", "3"), versions(db));
        ProbeLeftovers.assertNone(db);
    }

    @Test
    void inAGroupACollisionInTheFirstMigrationRunsItAgainGuarded(TestDatabase db) throws Exception {
        Migrations migrations = atV1With(db, NOTES, """
                CREATE TABLE events (id int PRIMARY KEY);
                INSERT INTO events VALUES (1);
                CREATE TABLE notes (id int PRIMARY KEY);
                """).file("V3__remarks.sql", "CREATE TABLE remarks (id int PRIMARY KEY);\nUPDATE events SET id = id + 10;\n");

        UpgradeReport report = engine.upgrade(grouped(migrations, db));

        assertEquals(MigrationOutcome.Kind.COMPLETED, outcome(report, "2").kind());
        assertEquals(MigrationOutcome.Kind.APPLIED, outcome(report, "3").kind());
        assertEquals(List.of("3 skipped table public.notes", "- completed"), audit(db));
        assertEquals(List.of("11"), db.column("SELECT id::text FROM events"));
        assertEquals(List.of("1", "2", "3"), versions(db));
    }

    private static MigrationSettings grouped(Migrations migrations, TestDatabase db) {
        MigrationSettings plain = migrations.settings(db);
        return new MigrationSettings(plain.connection(), plain.schemas(), plain.defaultSchema(), plain.locations(), plain.table(),
                plain.placeholders(), plain.target(), plain.guard(), plain.dryRun()).withFlyway(FlywayOptions.of(Map.of("group", "true")));
    }
}
