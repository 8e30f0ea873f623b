package io.schemaguard.engine;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.FlywayOptions;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProjectClasspath;
import io.schemaguard.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A project's Java migrations, Java callbacks and {@code classpath:} SQL migrations, found through the class
 * loader the goal gives (the project's output directory, compiled here, not on the test's class path).
 */
@ExtendWith(PostgresExtension.class)
class JavaMigrationsAndClasspathTest {
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;
    private static final String LOCATION = "classpath:sg/migrations";
    private static final String RUNS = "CREATE TABLE callback_runs (event text NOT NULL);\n";
    private static final String NOTES = """
            package sg.migrations;

            public class V2__Add_notes extends org.flywaydb.core.api.migration.BaseJavaMigration {
                @Override
                public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
                    try (var statement = context.getConnection().createStatement()) {
                        statement.execute("CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL DEFAULT 'none')");
                    }
                }
            }
            """;
    private static final String CALLBACK = """
            package sg.callbacks;

            import org.flywaydb.core.api.callback.Context;
            import org.flywaydb.core.api.callback.Event;

            public class RecordMigrate implements org.flywaydb.core.api.callback.Callback {
                public boolean supports(Event event, Context context) { return event == Event.AFTER_MIGRATE; }
                public boolean canHandleInTransaction(Event event, Context context) { return true; }
                public String getCallbackName() { return "RecordMigrate"; }
                public void handle(Event event, Context context) {
                    try (var statement = context.getConnection().createStatement()) {
                        statement.execute("INSERT INTO callback_runs VALUES ('" + event.getId() + "')");
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            """;

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private URLClassLoader project;

    @AfterEach
    void close() throws Exception {
        if (project != null) {
            project.close();
        }
    }

    private ProjectClasspath sample() {
        return new ProjectClasspath(dir).resource("sg/migrations/V1__create_callback_runs.sql", RUNS)
                .java("sg.migrations.V2__Add_notes", NOTES).java("sg.callbacks.RecordMigrate", CALLBACK);
    }

    private MigrationSettings settings(TestDatabase db, List<String> schemas, String target, GuardMode guard, Map<String, String> flyway) {
        return new MigrationSettings(new ConnectionSettings(db.url(), db.user(), db.password()), schemas, null, List.of(LOCATION), null,
                Map.of(), target, guard, false).withFlyway(FlywayOptions.of(flyway).withClassLoader(project));
    }

    private MigrationSettings settings(TestDatabase db) {
        return settings(db, List.of(), null, GuardMode.VERIFY, Map.of("callbacks", "sg.callbacks.RecordMigrate"));
    }

    private static List<String> history(TestDatabase db, String schema) throws Exception {
        return db.column("SELECT version || ' ' || type || ' ' || script || ' ' || success FROM " + schema
                + ".flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
    }

    @Test
    void aGuardedUpgradeRunsTheClasspathScriptTheJavaMigrationAndTheJavaCallback(TestDatabase db) throws Exception {
        project = sample().compile();

        UpgradeReport report = engine.upgrade(settings(db));

        assertEquals("2", report.versionAfter());
        assertEquals(List.of("1 SQL V1__create_callback_runs.sql true", "2 JDBC sg.migrations.V2__Add_notes true"), history(db, "public"));
        assertEquals("'none'::text", db.single("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'notes'::regclass"));
        assertEquals(List.of("afterMigrate"), db.column("SELECT event FROM callback_runs"));
    }

    @Test
    void verifyAndStampReplayTheJavaMigrationOnTheShadowWithTheSameClasses(TestDatabase db) throws Exception {
        project = sample().compile();
        engine.upgrade(settings(db));

        DriftReport drift = engine.verify(settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES);
        assertFalse(drift.drift(), String.join("\n", drift.text()));

        // the Java migration's table made differently by hand: the replayed Java migration is what it is compared with
        db.execute("DROP TABLE flyway_schema_history; DROP TABLE notes; CREATE TABLE notes (id integer PRIMARY KEY, body text)");
        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> engine.stamp(settings(db), new StampSettings("latest", false, false),
                ShadowSettings.automatic(), CLASSPATH_BINARIES));
        assertTrue(refused.getMessage().contains("column body  expected text NOT NULL DEFAULT 'none'  found text NULL"), refused.getMessage());
    }

    @Test
    void aClasspathScriptIsJudgedByTheGuardAsAFileIs(TestDatabase db) throws Exception {
        project = sample().compile();
        db.execute(RUNS);

        UpgradeReport report = engine.upgrade(settings(db));

        MigrationOutcome first = report.outcomes().get(0);
        assertEquals("V1__create_callback_runs.sql", first.script());
        assertEquals(MigrationOutcome.Kind.ADOPTED, first.kind());
        assertEquals("adopted", db.single("SELECT decision FROM flyway_schema_history_audit WHERE script = 'V1__create_callback_runs.sql'"
                + " AND statement_number IS NULL"));
    }

    @Test
    void aJavaMigrationThatMeetsAnExistingObjectIsRefusedAsOneTheGuardCannotJudge(TestDatabase db) throws Exception {
        project = sample().compile();
        engine.upgrade(settings(db, List.of(), "1", GuardMode.VERIFY, Map.of()));
        db.execute("CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL DEFAULT 'none')");

        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> engine.upgrade(settings(db)));

        String message = refused.getMessage();
        assertTrue(message.startsWith("Java migration V2 sg.migrations.V2__Add_notes failed because an object it creates already exists"
                + " (SQLSTATE 42P07)"), message);
        assertTrue(message.contains("the guard cannot judge its statements"), message);
        assertTrue(message.contains("Flyway rolled back its transaction: nothing of it was kept, and no history row was written."), message);
        assertTrue(message.contains("mvn schema:stamp -Dschema.version=2"), message);
        assertEquals(List.of("1 SQL V1__create_callback_runs.sql true"), history(db, "public"));
        assertEquals(List.of(), db.column("SELECT event FROM callback_runs"));
    }

    @Test
    void aClasspathLocationTheProjectDoesNotHoldIsRefusedSayingWhereItIsLookedFor(TestDatabase db) throws Exception {
        project = sample().compile();
        MigrationSettings settings = settings(db);
        MigrationSettings elsewhere = new MigrationSettings(settings.connection(), settings.schemas(), null, List.of("classpath:sg/nowhere"),
                null, Map.of(), null, GuardMode.VERIFY, false).withFlyway(settings.flyway());

        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> engine.upgrade(elsewhere));

        assertTrue(refused.getMessage().startsWith("Migration location classpath:sg/nowhere is not on the project's class path"),
                refused.getMessage());
        assertFalse(db.tableExists("public.flyway_schema_history"));
    }

    @Test
    void historyLabelsTheSchemaCreationRowAndTheJavaMigrationFlywayApplied(TestDatabase db) throws Exception {
        project = sample().compile();
        // applied by plain Flyway (guard off), into a schema Flyway creates and records
        engine.upgrade(settings(db, List.of("app"), null, GuardMode.OFF, Map.of()));

        HistoryReport history = engine.history(settings(db, List.of("app"), null, GuardMode.VERIFY, Map.of()));

        List<String> lines = history.historyText();
        String schemaRow = lines.stream().filter(l -> l.contains("<< Flyway Schema Creation >>")).findFirst().orElseThrow();
        assertFalse(schemaRow.matches("\\s*R\\s.*"), String.join("\n", lines));
        assertTrue(schemaRow.contains("SCHEMA") && schemaRow.contains("created"), String.join("\n", lines));
        String javaRow = lines.stream().filter(l -> l.contains("Add notes")).findFirst().orElseThrow();
        assertTrue(javaRow.matches("2\\s+\\| Add notes\\s+\\| JDBC\\s+\\| applied\\s.*"), String.join("\n", lines));
        String json = history.historyJson();
        assertTrue(json.replaceAll("\\s", "").contains("\"description\":\"<<FlywaySchemaCreation>>\",\"type\":\"SCHEMA\",\"state\":\"created\""),
                json);
        assertTrue(json.replaceAll("\\s", "").contains("\"version\":\"2\",\"description\":\"Addnotes\",\"type\":\"JDBC\",\"state\":\"applied\""),
                json);
    }
}
