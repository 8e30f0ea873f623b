package io.schemaguard.engine;

import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.FlywayOptions;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProjectClasspath;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A dry run cannot run a pending Java migration: it says so, one line per migration, and changes nothing. */
@ExtendWith(PostgresExtension.class)
class DryRunJavaMigrationTest {
    private static final String NOTES = """
            package sg.migrations;

            public class V2__Add_notes extends org.flywaydb.core.api.migration.BaseJavaMigration {
                @Override
                public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
                    try (var statement = context.getConnection().createStatement()) {
                        statement.execute("CREATE TABLE notes (id integer PRIMARY KEY)");
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aPendingJavaMigrationIsNamedAsSkippedWithWhatThatMeans(TestDatabase db) throws Exception {
        try (URLClassLoader project = new ProjectClasspath(dir).resource("sg/migrations/V1__users.sql", "CREATE TABLE users (id integer PRIMARY KEY);\n")
                .java("sg.migrations.V2__Add_notes", NOTES)
                .resource("sg/migrations/V3__tags.sql", "CREATE TABLE tags (id integer PRIMARY KEY);\n").compile()) {
            MigrationSettings dryRun = new MigrationSettings(new ConnectionSettings(db.url(), db.user(), db.password()), List.of(), null,
                    List.of("classpath:sg/migrations"), null, Map.of(), null, GuardMode.VERIFY, true)
                    .withFlyway(FlywayOptions.of(Map.of()).withClassLoader(project));
            RecordingLog log = new RecordingLog();

            UpgradeReport report = new SchemaEngine(log).upgrade(dryRun);

            List<String> skipped = log.lines().stream().filter(l -> l.contains("Dry run skips")).toList();
            assertEquals(List.of("WARN [2/3] Dry run skips sg.migrations.V2__Add_notes, a Java migration: its code is not run (it could"
                    + " change what the rollback does not undo). The migrations after it are tried without its changes; the upgrade"
                    + " runs it as Flyway does."), skipped);
            assertTrue(log.lines().contains("[3/3] Dry run of V3__tags.sql (rolled back at the end)"), log.lines().toString());
            assertEquals(List.of("V1__users.sql", "V3__tags.sql"), report.outcomes().stream().map(MigrationOutcome::script).toList());
            assertFalse(db.tableExists("public.users") || db.tableExists("public.notes") || db.tableExists("public.flyway_schema_history"),
                    "a dry run changes nothing");
        }
    }
}
