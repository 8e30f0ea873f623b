package io.schemaguard.engine;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(PostgresExtension.class)
class StampTest {
    private static final String USERS = "CREATE TABLE users (id uuid PRIMARY KEY, email varchar(255) NOT NULL UNIQUE);\n";
    private static final String THREADS = """
            CREATE TABLE communication_threads (
                id uuid PRIMARY KEY,
                responsible_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
                status varchar(20) NOT NULL DEFAULT 'open',
                unread_count integer NOT NULL DEFAULT 0
            );
            CREATE INDEX idx_threads_status ON communication_threads (status);
            """;
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations seed() {
        return new Migrations(dir.resolve("db")).file("V50__users.sql", USERS).file("V51__threads.sql", THREADS);
    }

    /** History at V50, V51's objects made by hand as given. */
    private Migrations atV50With(TestDatabase db, String handMade) throws Exception {
        Migrations migrations = seed();
        engine.upgrade(migrations.settings(db, "50", GuardMode.VERIFY));
        db.execute(handMade);
        return migrations;
    }

    private StampReport stamp(Migrations migrations, TestDatabase db, String version, boolean force, boolean dryRun) {
        return engine.stamp(migrations.settings(db), new StampSettings(version, force, dryRun), ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    private static List<String> history(TestDatabase db) throws Exception {
        return db.column("SELECT version || ' ' || type || ' ' || success FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static MigrationState state(SchemaEngine engine, Migrations migrations, TestDatabase db, String version) {
        return engine.history(migrations.settings(db)).entries().stream().filter(e -> version.equals(e.version())).findFirst()
                .orElseThrow().state();
    }

    @Test
    void anIdenticalSchemaIsStampedAndPlainFlywayAcceptsIt(TestDatabase db) throws Exception {
        Migrations migrations = atV50With(db, THREADS);

        StampReport report = stamp(migrations, db, "51", false, false);

        assertEquals(StampReport.Outcome.STAMPED, report.outcome());
        assertEquals(List.of("V51__threads.sql"), report.migrations());
        assertEquals(List.of("50 SQL true", "51 SQL true"), history(db));
        assertEquals(MigrationState.STAMPED, state(engine, migrations, db, "51"));
        assertEquals(List.of("51 stamped"), db.column("SELECT version || ' ' || decision FROM flyway_schema_history_audit"));
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("filesystem:" + migrations.dir()).load().validate();
        assertEquals(0, engine.upgrade(migrations.settings(db)).outcomes().size(), "nothing left to apply");
    }

    @Test
    void aDifferentTableIsRefusedWithTheDiffAndTheMigrationThatBuildsIt(TestDatabase db) throws Exception {
        Migrations migrations = atV50With(db, "CREATE TABLE communication_threads (id uuid PRIMARY KEY, "
                + "responsible_user_id uuid REFERENCES users (id) ON DELETE SET NULL, status text);"
                + "CREATE INDEX idx_threads_status ON communication_threads (status)");

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> stamp(migrations, db, "51", false, false));

        String message = refusal.getMessage();
        assertTrue(message.startsWith("Cannot stamp version 51: the database does not hold what the migrations up to 51 build:"), message);
        assertTrue(message.contains("  table public.communication_threads (built by V51__threads.sql)"), message);
        assertTrue(message.matches("(?s).*column status +expected varchar\\(20\\) NOT NULL DEFAULT 'open' +found text NULL.*"), message);
        assertTrue(message.matches("(?s).*column unread_count +expected integer NOT NULL DEFAULT 0 +found \\(missing\\).*"), message);
        assertTrue(message.contains("mvn schema:stamp -Dschema.version=51 -Dschema.force=true"), message);
        assertEquals(List.of("50 SQL true"), history(db), "nothing recorded");
        assertEquals(List.of(), db.column("SELECT datname FROM pg_database WHERE datname LIKE 'sg_shadow%'"));
    }

    @Test
    void forceRecordsAnywayAndMarksTheRowsForced(TestDatabase db) throws Exception {
        Migrations migrations = atV50With(db, "CREATE TABLE communication_threads (id uuid PRIMARY KEY)");

        StampReport report = stamp(migrations, db, "51", true, false);

        assertEquals(StampReport.Outcome.FORCED, report.outcome());
        String lines = String.join("\n", report.lines());
        assertTrue(lines.contains("column unread_count") && lines.contains("index idx_threads_status"), lines);
        assertTrue(lines.contains("forced   V51__threads.sql"), lines);
        assertEquals(List.of("50 SQL true", "51 SQL true"), history(db));
        assertEquals(MigrationState.FORCED, state(engine, migrations, db, "51"));
    }

    @Test
    void stampingDownRemovesRowsAndKeepsTheSchema(TestDatabase db) throws Exception {
        Migrations migrations = seed();
        engine.upgrade(migrations.settings(db));

        StampReport report = stamp(migrations, db, "50", false, false);

        assertEquals(StampReport.Outcome.REMOVED, report.outcome());
        assertEquals(List.of("50 SQL true"), history(db));
        assertTrue(db.tableExists("public.communication_threads"), "the table is still there");
        assertTrue(String.join("\n", report.lines()).contains("mvn schema:downgrade -Dschema.target=50"), String.join("\n", report.lines()));
        assertEquals(MigrationState.PENDING, state(engine, migrations, db, "51"));
        UpgradeReport again = engine.upgrade(migrations.settings(db));
        assertEquals(MigrationOutcome.Kind.ADOPTED, again.outcomes().get(0).kind(), "the guard adopts what is still there");
    }

    @Test
    void theSameVersionIsNothingToDoAndUnknownOrMalformedVersionsAreClearErrors(TestDatabase db) throws Exception {
        Migrations migrations = seed().file("V60__later.sql", "CREATE TABLE later (id int);\n");
        engine.upgrade(migrations.settings(db, "51", GuardMode.VERIFY));

        assertEquals(StampReport.Outcome.NOTHING_TO_DO, stamp(migrations, db, "51", false, false).outcome());
        SchemaFailure unknown = assertThrows(SchemaFailure.class, () -> stamp(migrations, db, "55", false, false));
        assertEquals("Unknown version 55: no migration has it. Nearest known versions: 51, 60. Use one of those, or latest.",
                unknown.getMessage());
        SchemaFailure malformed = assertThrows(SchemaFailure.class, () -> stamp(migrations, db, "5x", false, false));
        assertTrue(malformed.getMessage().contains("'5x' is not a migration version"), malformed.getMessage());
        assertEquals(List.of("50 SQL true", "51 SQL true"), history(db));
    }

    @Test
    void aDatabaseWithoutHistoryIsAdoptedByStampLatest(TestDatabase db) throws Exception {
        Migrations migrations = seed();
        db.execute(USERS + THREADS);

        StampReport report = stamp(migrations, db, "latest", false, false);

        assertEquals(StampReport.Outcome.STAMPED, report.outcome());
        assertEquals(List.of("50 SQL true", "51 SQL true"), history(db));
        assertEquals(MigrationState.STAMPED, state(engine, migrations, db, "50"));
    }

    @Test
    void aRangeWhereALaterMigrationAltersAnEarlierTableVerifies(TestDatabase db) throws Exception {
        Migrations migrations = seed().file("V52__more.sql", "ALTER TABLE communication_threads ADD COLUMN subject text;\n"
                + "ALTER TABLE communication_threads ALTER COLUMN status TYPE varchar(40);\n");
        engine.upgrade(migrations.settings(db, "50", GuardMode.VERIFY));
        db.execute(THREADS + "ALTER TABLE communication_threads ADD COLUMN subject text;"
                + "ALTER TABLE communication_threads ALTER COLUMN status TYPE varchar(40);");

        StampReport report = stamp(migrations, db, "52", false, false);

        assertEquals(StampReport.Outcome.STAMPED, report.outcome(), String.join("\n", report.lines()));
        assertEquals(List.of("V51__threads.sql", "V52__more.sql"), report.migrations());
    }

    @Test
    void aRangeWithAMissingObjectIsRefusedAndNamesItsMigration(TestDatabase db) throws Exception {
        Migrations migrations = atV50With(db, THREADS)
                .file("V52__index.sql", "CREATE INDEX idx_threads_unread ON communication_threads (unread_count);\n");

        SchemaFailure refusal = assertThrows(SchemaFailure.class, () -> stamp(migrations, db, "52", false, false));

        assertFalse(refusal.getMessage().contains("table public.communication_threads"), "the index is its own object, not a line of its table");
        assertTrue(refusal.getMessage().contains("\n  index idx_threads_unread on public.communication_threads (built by V52__index.sql)  expected"
                + " CREATE INDEX ON public.communication_threads USING btree (unread_count)  found (missing)\n"), refusal.getMessage());
        assertEquals(List.of("50 SQL true"), history(db));
    }

    @Test
    void repeatableMigrationsAreNeverStampedAndDataChangesAreListed(TestDatabase db) throws Exception {
        Migrations migrations = atV50With(db, THREADS)
                .file("V52__data.sql", "INSERT INTO users VALUES ('00000000-0000-0000-0000-000000000001', 'a@example.com');\n")
                .file("R__view.sql", "CREATE OR REPLACE VIEW user_emails AS SELECT email FROM users;\n");

        StampReport report = stamp(migrations, db, "latest", false, false);

        assertEquals(StampReport.Outcome.STAMPED, report.outcome(), String.join("\n", report.lines()));
        assertEquals(List.of("50 SQL true", "51 SQL true", "52 SQL true"), history(db), "no row for R__view.sql");
        assertTrue(String.join("\n", report.lines()).contains("unverified data change: V52__data.sql, statement 1 (line 1): INSERT"),
                String.join("\n", report.lines()));
        assertEquals(0L, Long.parseLong(db.single("SELECT count(*) FROM users")), "a stamp runs nothing");
        assertEquals(MigrationState.PENDING, engine.history(migrations.settings(db)).entries().stream()
                .filter(e -> e.version() == null).findFirst().orElseThrow().state(), "the repeatable migration is still pending");
    }

    @Test
    void aDryRunRecordsNothing(TestDatabase db) throws Exception {
        Migrations migrations = atV50With(db, THREADS);

        StampReport report = stamp(migrations, db, "51", false, true);

        assertEquals(StampReport.Outcome.STAMPED, report.outcome());
        assertTrue(String.join("\n", report.lines()).contains("would be stamped  V51__threads.sql"), String.join("\n", report.lines()));
        assertEquals(List.of("50 SQL true"), history(db));
    }

    @Test
    void aStampRacingAnUpgradeWritesNoDuplicateRows(TestDatabase db) throws Exception {
        Migrations migrations = seed();
        for (int v = 52; v < 62; v++) {
            migrations.file("V" + v + "__t" + v + ".sql", "CREATE TABLE t" + v + " (id int PRIMARY KEY, note text);\n");
        }
        engine.upgrade(migrations.settings(db, "50", GuardMode.VERIFY));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Object>> racers = new ArrayList<>();
            racers.add(() -> engine.upgrade(migrations.settings(db)));
            racers.add(() -> {
                try {
                    return stamp(migrations, db, "latest", false, false);
                } catch (SchemaFailure refused) {
                    return refused; // the upgrade had not built everything yet when the stamp compared: a refusal is correct
                }
            });
            for (Future<Object> result : pool.invokeAll(racers)) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
        engine.upgrade(migrations.settings(db));

        assertEquals(List.of(), db.column("SELECT version FROM flyway_schema_history GROUP BY version HAVING count(*) > 1"));
        assertEquals("12", db.single("SELECT count(*) FROM flyway_schema_history WHERE success"));
    }
}
