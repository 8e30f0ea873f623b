package io.schemaguard.reliability;

import io.schemaguard.engine.MigrationOutcome;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UpgradeReport;
import io.schemaguard.output.Log;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.ProbeLeftovers;
import io.schemaguard.testing.Race;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Builds upgrading the same database at once (SPEC §10): eight engines, each with its own
 * connections, released together over fifty migrations. Every migration writes a row to
 * {@code runs}, so a migration that ran twice — even if the guard adopted its table the
 * second time — shows as two rows.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentUpgradeTest {
    static final int BUILDS = 8;
    static final int MIGRATIONS = 50;

    @TempDir
    Path dir;

    static String table(int version) {
        return "CREATE TABLE t" + version + " (id bigint PRIMARY KEY, name varchar(40) NOT NULL DEFAULT '', created_at timestamptz);\n";
    }

    Migrations fiftyMigrations() {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__runs.sql", "CREATE TABLE runs (version integer NOT NULL, ran_by integer NOT NULL DEFAULT pg_backend_pid());\n"
                        + "INSERT INTO runs (version) VALUES (1);\n");
        for (int v = 2; v <= MIGRATIONS; v++) {
            migrations.file("V" + v + "__table_" + v + ".sql", table(v) + "CREATE INDEX idx_t" + v + "_name ON t" + v + " (name);\n"
                    + "INSERT INTO runs (version) VALUES (" + v + ");\n");
        }
        return migrations;
    }

    /** Races {@value #BUILDS} upgrades and checks what every build and the database must show afterwards. */
    static List<UpgradeReport> raceUpgrades(TestDatabase db, Migrations migrations) throws Exception {
        List<Race.Lap<UpgradeReport>> laps = Race.run(BUILDS,
                i -> () -> new SchemaEngine(Log.silent()).upgrade(migrations.settings(db)));
        List<UpgradeReport> reports = new ArrayList<>();
        for (Race.Lap<UpgradeReport> lap : laps) {
            if (lap.failure() != null) {
                throw new AssertionError("build " + lap.contender() + " failed: " + lap.failure(), lap.failure());
            }
            reports.add(lap.value());
        }
        assertEquals(IntStream.rangeClosed(1, MIGRATIONS).mapToObj(String::valueOf).toList(),
                db.column("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank"),
                "one history row per migration, in order");
        assertEquals("0", db.single("SELECT count(*) FROM flyway_schema_history WHERE NOT success"));
        assertEquals(List.of(), db.column("SELECT version || ' ran ' || count(*) || ' times' FROM runs GROUP BY version HAVING count(*) <> 1"),
                "every migration ran exactly once");
        assertEquals(String.valueOf(MIGRATIONS), db.single("SELECT count(DISTINCT version) FROM runs"));
        for (UpgradeReport report : reports) {
            assertEquals(String.valueOf(MIGRATIONS), report.versionAfter(), "every build ends at the latest version");
        }
        Map<String, Long> reportedBy = reports.stream().flatMap(r -> r.outcomes().stream())
                .collect(Collectors.groupingBy(MigrationOutcome::script, TreeMap::new, Collectors.counting()));
        assertEquals(List.of(), reportedBy.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey() + " x" + e.getValue()).toList(),
                "migrations reported as run by more than one build");
        assertEquals(MIGRATIONS - 1, reportedBy.keySet().stream().filter(s -> !s.startsWith("V1__")).count(),
                "every migration after V1 is reported by the build that ran it");
        ProbeLeftovers.assertNone(db);
        return reports;
    }

    @Test
    void eightBuildsApplyEachOfFiftyMigrationsExactlyOnce(TestDatabase db) throws Exception {
        Migrations migrations = fiftyMigrations();

        List<UpgradeReport> reports = raceUpgrades(db, migrations);

        assertEquals(MIGRATIONS, reports.stream().mapToInt(r -> r.outcomes().size()).sum(), "each migration reported once");
        assertTrue(reports.stream().flatMap(r -> r.outcomes().stream()).allMatch(o -> o.kind() == MigrationOutcome.Kind.APPLIED));
    }

    @Test
    void racingBuildsProbePreExistingObjectsWithoutDuplicatingAuditRows(TestDatabase db) throws Exception {
        Migrations migrations = fiftyMigrations();
        new SchemaEngine(Log.silent()).upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        List<Integer> handMade = IntStream.rangeClosed(2, MIGRATIONS).filter(v -> v % 3 == 0).boxed().toList();
        for (int v : handMade) {
            db.execute(table(v));
        }

        List<UpgradeReport> reports = raceUpgrades(db, migrations);

        List<String> completed = reports.stream().flatMap(r -> r.outcomes().stream())
                .filter(o -> o.kind() == MigrationOutcome.Kind.COMPLETED).map(MigrationOutcome::version).sorted().toList();
        assertEquals(handMade.stream().map(String::valueOf).sorted().toList(), completed,
                "the hand-made tables were adopted, their indexes and rows added");
        assertEquals(handMade.size(), Integer.parseInt(db.single(
                "SELECT count(*) FROM flyway_schema_history_audit WHERE decision = 'skipped'")), "one skip per hand-made table");
        assertEquals(List.of(), db.column("SELECT script || ' ' || coalesce(statement_number::text, '-') FROM flyway_schema_history_audit"
                + " GROUP BY script, statement_number HAVING count(*) > 1"), "no duplicate audit row");
    }

    @Test
    void racingBuildsAdoptASchemaThatHasObjectsButNoHistory(TestDatabase db) throws Exception {
        Migrations migrations = fiftyMigrations();
        List<Integer> handMade = IntStream.rangeClosed(2, MIGRATIONS).filter(v -> v % 5 == 0).boxed().toList();
        for (int v : handMade) {
            db.execute(table(v));
        }

        raceUpgrades(db, migrations);

        assertEquals(handMade.size(), Integer.parseInt(db.single(
                "SELECT count(*) FROM flyway_schema_history_audit WHERE decision = 'skipped'")), "one skip per hand-made table");
        assertEquals("0", db.single("SELECT count(*) FROM flyway_schema_history WHERE type = 'BASELINE'"), "no baseline row left");
    }

    /** Heavy: the races again, many times over, each on a fresh database ({@code -Dschema.test.heavy=true}). */
    @Test
    @EnabledIfSystemProperty(named = "schema.test.heavy", matches = "true")
    void repeatedRacesStayExactlyOnce(TestDatabase db) throws Exception {
        for (int round = 0; round < 10; round++) {
            raceUpgrades(db.server().createDatabaseFor("race_fresh"), fiftyMigrations());
            TestDatabase withObjects = db.server().createDatabaseFor("race_no_history");
            for (int v = 2; v <= MIGRATIONS; v += 4) {
                withObjects.execute(table(v));
            }
            raceUpgrades(withObjects, fiftyMigrations());
        }
    }
}
