package io.schemaguard.shadow;

import io.schemaguard.engine.DriftReport;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(PostgresExtension.class)
class VerifyTest {
    private static final String THREADS = """
            CREATE TABLE users (id uuid PRIMARY KEY, email varchar(255) NOT NULL UNIQUE);
            CREATE TABLE communication_threads (
                id uuid PRIMARY KEY,
                responsible_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
                status varchar(20) NOT NULL DEFAULT 'open',
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX idx_threads_status ON communication_threads (status, created_at DESC);
            """;
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private Migrations upgraded(TestDatabase db) {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__threads.sql", THREADS)
                .file("V2__seq.sql", "CREATE SEQUENCE ticket_numbers START 100; CREATE VIEW open_threads AS SELECT id FROM communication_threads WHERE status = 'open';\n");
        engine.upgrade(migrations.settings(db));
        return migrations;
    }

    private DriftReport verify(Migrations migrations, TestDatabase db) {
        return engine.verify(migrations.settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES);
    }

    private List<String> shadowDatabases(TestDatabase db) throws Exception {
        return db.column("SELECT datname FROM pg_database WHERE datname LIKE 'sg_shadow%'");
    }

    @Test
    void aCleanDatabaseHasNoDrift(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);

        DriftReport report = verify(migrations, db);

        assertFalse(report.drift(), String.join("\n", report.text()));
        assertEquals("2", report.version());
        assertTrue(report.shadow().startsWith("a temporary database sg_shadow_"), report.shadow());
        assertTrue(report.summary().startsWith("No drift: 0 missing, 0 extra, 0 different, 0 history problems"), report.summary());
        assertEquals(List.of(), shadowDatabases(db), "the temporary shadow database is dropped");
    }

    @Test
    void handMadeChangesAreReportedAsMissingExtraAndDifferent(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);
        db.execute("""
                DROP INDEX idx_threads_status;
                ALTER TABLE communication_threads ADD COLUMN priority integer;
                ALTER TABLE communication_threads ALTER COLUMN created_at TYPE timestamp;
                CREATE TABLE hand_made (id int);
                """);

        DriftReport report = verify(migrations, db);

        assertTrue(report.drift());
        assertEquals(1, report.missing(), String.join("\n", report.text()));
        assertEquals(2, report.extra(), String.join("\n", report.text()));
        assertEquals(1, report.different(), String.join("\n", report.text()));
        String text = String.join("\n", report.text());
        assertTrue(text.contains("table public.communication_threads\n"), text);
        assertTrue(text.matches("(?s).*  column created_at +expected timestamptz NOT NULL DEFAULT now\\(\\) +found timestamp NOT NULL DEFAULT now\\(\\).*"), text);
        assertTrue(text.matches("(?s).*  column priority +expected \\(none\\) +found integer NULL.*"), text);
        assertTrue(text.contains("\nindex idx_threads_status on public.communication_threads  expected CREATE INDEX ON public.communication_threads"
                + " USING btree (status, created_at DESC)  found (missing)\n"), text);
        assertTrue(text.contains("\ntable public.hand_made  expected (none)  found table (1 column)\n"), text);
        assertTrue(text.endsWith("Drift: 1 missing, 2 extra, 1 different, 0 history problems (schema public at version 2)."), text);
    }

    @Test
    void theJsonReportHasTheCountsAndEveryDifference(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);
        db.execute("DROP VIEW open_threads; ALTER TABLE communication_threads ADD COLUMN priority integer");

        String json = verify(migrations, db).json();

        String compact = json.replaceAll("\\s*\n\\s*", "");
        assertTrue(compact.contains("\"summary\": {\"missing\": 1,\"extra\": 1,\"different\": 0,\"historyProblems\": 0}"), json);
        // the view's text is PostgreSQL's own deparse, which varies between major versions
        assertTrue(compact.matches("(?s).*\\{\"object\": \"view public.open_threads\",\"differences\": \\[\\{\"subject\": null,"
                + "\"kind\": \"missing\",\"expected\": \"SELECT (communication_threads\\.)?id FROM public\\.communication_threads WHERE [^\"]*'open'[^\"]*;\",\"found\": null}]}.*"), json);
        assertTrue(compact.contains("{\"subject\": \"column priority\",\"kind\": \"extra\",\"expected\": null,\"found\": \"integer NULL\"}"), json);
        assertTrue(json.contains("\"drift\": true"), json);
    }

    @Test
    void historyProblemsAreReported(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);
        Files.delete(migrations.dir().resolve("V2__seq.sql"));
        migrations.file("V1__threads.sql", THREADS + "-- edited after it ran\n");

        DriftReport report = verify(migrations, db);

        String text = String.join("\n", report.text());
        assertEquals(2, report.historyProblems().size(), text);
        assertTrue(text.contains("history: V1 ") && text.contains("checksum mismatch"), text);
        assertTrue(text.contains("history: V2 ") && text.contains("its file is gone"), text);
    }

    @Test
    void aUserWhoMayNotCreateDatabasesGetsAnEmbeddedShadowOfTheSameMajorVersion(TestDatabase db) throws Exception {
        db.execute("CREATE ROLE app_owner LOGIN NOCREATEDB; GRANT ALL ON SCHEMA public TO app_owner;"
                + "GRANT CREATE ON DATABASE " + db.name() + " TO app_owner");
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__threads.sql", THREADS);
        ConnectionSettings app = new ConnectionSettings(db.url(), "app_owner", null);
        engine.upgrade(migrations.settings(app, null, GuardMode.VERIFY));
        db.execute("DROP INDEX idx_threads_status");

        DriftReport report = engine.verify(migrations.settings(app, null, GuardMode.VERIFY), ShadowSettings.automatic(), CLASSPATH_BINARIES);

        assertTrue(report.shadow().startsWith("an embedded PostgreSQL " + db.single("SELECT current_setting('server_version_num')::int / 10000")),
                report.shadow());
        assertEquals(1, report.missing(), String.join("\n", report.text()));
        assertEquals(List.of(), shadowDatabases(db));
    }

    @Test
    void theShadowIsDroppedEvenWhenTheReplayFails(TestDatabase db) throws Exception {
        // V2 ran on the target only because a hand-made table was there; on a fresh database it fails.
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__threads.sql", THREADS);
        engine.upgrade(migrations.settings(db));
        db.execute("CREATE TABLE hand_made (id int)");
        migrations.file("V2__view.sql", "CREATE VIEW hand_made_ids AS SELECT id FROM hand_made;\n");
        engine.upgrade(migrations.settings(db));

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> verify(migrations, db));

        assertTrue(failure.getMessage().contains("V2__view.sql") && failure.getMessage().contains("42P01"), failure.getMessage());
        assertEquals(List.of(), shadowDatabases(db));
    }

    @Test
    void aGivenShadowDatabaseIsUsedAndWiped(TestDatabase db) throws Exception {
        Migrations migrations = upgraded(db);
        TestDatabase shadow = db.server().createDatabaseFor("given_shadow");
        engine.verify(migrations.settings(db), new ShadowSettings(shadow.url()), CLASSPATH_BINARIES);
        // marked as the plugin's shadow at its first use, so what a killed run leaves there is the plugin's to wipe
        shadow.execute("CREATE TABLE leftover (id int)");

        DriftReport report = engine.verify(migrations.settings(db), new ShadowSettings(shadow.url()), CLASSPATH_BINARIES);

        assertFalse(report.drift(), String.join("\n", report.text()));
        assertEquals("the shadow database " + shadow.url().substring("jdbc:postgresql://".length()), report.shadow());
        assertEquals(List.of(), shadow.column("SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"));
        SchemaFailure itself = assertThrows(SchemaFailure.class,
                () -> engine.verify(migrations.settings(db), new ShadowSettings(db.url()), CLASSPATH_BINARIES));
        assertTrue(itself.getMessage().contains("shadowUrl is the target database itself"), itself.getMessage());
    }
}
