package io.schemaguard.flyway;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.settings.FlywayOptions;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flyway's history and lock queries stay prepared across the migrations' DDL (the server does not parse and
 * plan them again for every migration), and wherever a prepared statement's result could change with a
 * migration's DDL, the driver still prepares it again, as plain Flyway's connection does.
 */
@ExtendWith(PostgresExtension.class)
class PreparedStatementsAcrossDdlTest {
    private final SchemaEngine engine = new SchemaEngine(new RecordingLog());

    @TempDir
    Path dir;

    private Migrations tables(int from, int to) {
        return tables(new Migrations(dir.resolve("db")), from, to);
    }

    private static Migrations tables(Migrations migrations, int from, int to) {
        for (int i = from; i <= to; i++) {
            migrations.file("V" + i + "__table_" + i + ".sql", "CREATE TABLE t" + i + " (id int PRIMARY KEY);\nCREATE INDEX t" + i + "_id ON t" + i + " (id);\n");
        }
        return migrations;
    }

    private static List<String> versions(TestDatabase db) throws Exception {
        return db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
    }

    @Test
    void flywaysReadOfTheHistoryIsPreparedOnceForAllMigrations(TestDatabase db) throws Exception {
        Migrations migrations = tables(1, 8).file("V9__seen.sql", "CREATE TABLE seen AS SELECT statement, prepare_time FROM pg_prepared_statements;\n");

        engine.upgrade(migrations.settings(db));

        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), versions(db));
        String historyRead = "statement LIKE '%FROM \"public\".\"flyway_schema_history\" WHERE%'";
        assertEquals("1", db.single("SELECT count(*) FROM seen WHERE " + historyRead));
        assertEquals("t", db.single("SELECT prepare_time < (SELECT installed_on FROM flyway_schema_history WHERE version = '5') FROM seen WHERE "
                + historyRead), "prepared before V5 ran, and kept through the DDL of V5 to V8");
    }

    @Test
    void aJavaCallbackReadingATableThatAMigrationWidensStillReadsItAfterThatMigration(TestDatabase db) throws Exception {
        Migrations migrations = tables(2, 6).file("V1__board.sql", "CREATE TABLE board (a int);\nINSERT INTO board VALUES (1);\n")
                .file("V7__wider_board.sql", "ALTER TABLE board ADD COLUMN b int;\n");

        engine.upgrade(migrations.settings(db).withFlyway(FlywayOptions.of(Map.of(FlywayOptions.CALLBACKS, BoardReadingCallback.class.getName()))));

        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), versions(db));
    }

    @Test
    void anSqlCallbackReadingAViewThatAMigrationWidensStillReadsItAfterThatMigration(TestDatabase db) throws Exception {
        Migrations migrations = tables(2, 6).file("V1__board.sql", "CREATE VIEW board AS SELECT 1 AS a;\n")
                .file("V7__wider_board.sql", "CREATE OR REPLACE VIEW board AS SELECT 1 AS a, 2 AS b;\n")
                .file("afterEachMigrate.sql", "SELECT * FROM board;\n");

        engine.upgrade(migrations.settings(db));

        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), versions(db));
    }

    @Test
    void aMigrationChangingTheTypeOfAHistoryColumnIsFollowedByTheNextOnes(TestDatabase db) throws Exception {
        Migrations migrations = tables(tables(1, 3).file("V4__wider_description.sql",
                "ALTER TABLE flyway_schema_history ALTER COLUMN description TYPE text;\n"), 5, 6);

        engine.upgrade(migrations.settings(db));

        assertEquals(List.of("1", "2", "3", "4", "5", "6"), versions(db));
        assertTrue(db.single("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'flyway_schema_history'::regclass"
                + " AND attname = 'description'").equals("text"));
    }
}
