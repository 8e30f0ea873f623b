package io.schemaguard.engine;

import io.schemaguard.catalog.CompareMode;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A schema without history at an older version of the migrations: the version found is the newest whose expected
 * schema the database holds, also when a later migration builds no new table (it only alters one), and owners,
 * privileges and comments decide the version only with compare=strict.
 */
@ExtendWith(PostgresExtension.class)
class AdoptionAtAnOlderVersionTest {
    private static final String USERS = "CREATE TABLE users (id int PRIMARY KEY, email text);\n";
    private static final String ORDERS = "CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id));\n";
    private static final String USERS_NAMED = "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users ADD COLUMN name varchar(80);\n";
    private static final String ITEMS = "CREATE TABLE items (id int PRIMARY KEY);\n";
    private static final String ORDERS_ITEM = "ALTER TABLE orders ADD COLUMN item_id int REFERENCES items (id);\n";

    private final RecordingLog log = new RecordingLog();
    private final SchemaEngine engine = new SchemaEngine(log);

    @TempDir
    Path dir;

    private Migrations fiveVersions() {
        return new Migrations(dir.resolve("db")).file("V1__users.sql", USERS).file("V2__orders.sql", ORDERS)
                .file("V3__users_named.sql", USERS_NAMED).file("V4__items.sql", ITEMS).file("V5__orders_item.sql", ORDERS_ITEM);
    }

    private static void builtWithoutHistory(TestDatabase db, Migrations migrations, String version) throws Exception {
        var config = Flyway.configure().dataSource(db.url(), db.user(), db.password())
                .locations("filesystem:" + migrations.dir().toAbsolutePath());
        (version == null ? config : config.target(version)).load().migrate();
        db.execute("DROP TABLE flyway_schema_history");
    }

    private static List<MigrationOutcome.Kind> kinds(UpgradeReport report) {
        return report.outcomes().stream().map(MigrationOutcome::kind).toList();
    }

    private static List<String> audit(TestDatabase db) throws Exception {
        return db.column("SELECT version || ' ' || decision FROM flyway_schema_history_audit ORDER BY id");
    }

    @Test
    void aSchemaAtTheVersionBeforeAnAlterationIsAdoptedThereAndTheAlterationRuns(TestDatabase db) throws Exception {
        Migrations migrations = fiveVersions();
        builtWithoutHistory(db, migrations, "2"); // V3 builds no table: only the whole catalog tells V2 from V3

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.APPLIED,
                MigrationOutcome.Kind.APPLIED, MigrationOutcome.Kind.APPLIED), kinds(report));
        assertEquals(List.of("1 adopted", "2 adopted"), audit(db));
        assertEquals(List.of("1", "2", "3", "4", "5"),
                db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"));
        assertEquals("NO", db.single("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email'"));
        assertTrue(log.lines().stream().anyMatch(l -> l.contains("up to version 2")), log.lines().toString());
    }

    @Test
    void aSchemaAtTheVersionAfterAnAlterationOfAnEarlierTableIsAdoptedThere(TestDatabase db) throws Exception {
        Migrations migrations = fiveVersions();
        builtWithoutHistory(db, migrations, "3");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED,
                MigrationOutcome.Kind.APPLIED, MigrationOutcome.Kind.APPLIED), kinds(report));
        assertEquals(List.of("1 adopted", "2 adopted", "3 adopted"), audit(db));
        assertEquals(List.of(1, 2, 3, 4, 5), db.column("SELECT installed_rank::text FROM flyway_schema_history ORDER BY installed_rank")
                .stream().map(Integer::valueOf).toList(), "one row per migration, ranked in order");
        assertEquals("1", db.single("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'item_id'"));
    }

    @Test
    void aGrantMadeByHandIsNoDifferenceByDefault(TestDatabase db) throws Exception {
        Migrations migrations = fiveVersions();
        builtWithoutHistory(db, migrations, null);
        db.execute("GRANT SELECT ON users TO PUBLIC; COMMENT ON TABLE orders IS 'by hand'");

        UpgradeReport report = engine.upgrade(migrations.settings(db));

        assertEquals(List.of(MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED,
                MigrationOutcome.Kind.ADOPTED, MigrationOutcome.Kind.ADOPTED), kinds(report));
        assertEquals(List.of("1 adopted", "2 adopted", "3 adopted", "4 adopted", "5 adopted"), audit(db));
    }

    @Test
    void withStrictComparisonAGrantMadeByHandKeepsTheSchemaFromItsVersion(TestDatabase db) throws Exception {
        Migrations migrations = fiveVersions();
        builtWithoutHistory(db, migrations, null);
        db.execute("GRANT SELECT ON users TO PUBLIC");

        assertThrows(RuntimeException.class, () -> engine.upgrade(migrations.settings(db).comparing(CompareMode.STRICT)));

        assertFalse(log.lines().stream().anyMatch(l -> l.contains("holds what the migrations up to version")), log.lines().toString());
        assertEquals("0", db.single("SELECT count(*) FROM pg_class WHERE relname = 'flyway_schema_history'"),
                "nothing was recorded");
    }
}
