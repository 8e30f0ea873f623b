package io.schemaguard.engine;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.FlywayOptions;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flyway's own settings, as a flyway-maven-plugin project gives them, reach Flyway and the guard alike. */
@ExtendWith(PostgresExtension.class)
class FlywayOptionsTest {
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;
    private static final String ACCOUNTS = "CREATE TABLE accounts (id integer PRIMARY KEY, owner text NOT NULL DEFAULT '#[owner]');\n"
            + "COMMENT ON TABLE accounts IS 'costs ${not_a_placeholder}';\n";

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    private MigrationSettings settings(TestDatabase db, Migrations migrations, Map<String, String> flyway, Map<String, String> placeholders) {
        MigrationSettings plain = migrations.settings(db);
        return new MigrationSettings(plain.connection(), plain.schemas(), plain.defaultSchema(), plain.locations(), plain.table(),
                placeholders, plain.target(), plain.guard(), plain.dryRun()).withFlyway(FlywayOptions.of(flyway));
    }

    private static Map<String, String> hashBrackets() {
        return Map.of("placeholderPrefix", "#[", "placeholderSuffix", "]");
    }

    @Test
    void aCustomPlaceholderSyntaxIsReplacedAndOtherTextKeptAsWritten(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__create_accounts.sql", ACCOUNTS);

        engine.upgrade(settings(db, migrations, hashBrackets(), Map.of("owner", "app_owner")));

        assertEquals("'app_owner'::text", db.single("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'accounts'::regclass"));
        assertEquals("costs ${not_a_placeholder}", db.single("SELECT obj_description('accounts'::regclass, 'pg_class')"));
    }

    @Test
    void theGuardComparesTheStatementWithItsPlaceholdersReplaced(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__create_accounts.sql", ACCOUNTS);
        db.execute("CREATE TABLE accounts (id integer PRIMARY KEY, owner text NOT NULL DEFAULT 'app_owner');"
                + " COMMENT ON TABLE accounts IS 'costs ${not_a_placeholder}'");

        UpgradeReport report = engine.upgrade(settings(db, migrations, hashBrackets(), Map.of("owner", "app_owner")));

        // the schema is at V1 once #[owner] is app_owner (unreplaced, the table would differ and be refused): adopted in one
        // replay, as stamp would record it (the comment is reported, not compared)
        assertEquals(MigrationOutcome.Kind.ADOPTED, report.outcomes().get(0).kind());
        assertEquals(1, report.outcomes().get(0).skipped().size());
    }

    @Test
    void theShadowReplaysWithTheSamePlaceholderSyntax(TestDatabase db) {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__create_accounts.sql", ACCOUNTS);
        MigrationSettings settings = settings(db, migrations, hashBrackets(), Map.of("owner", "app_owner"));
        engine.upgrade(settings);

        DriftReport drift = engine.verify(settings, ShadowSettings.automatic(), CLASSPATH_BINARIES);

        assertFalse(drift.drift(), String.join("\n", drift.text()));
    }

    @Test
    void installedByIsRecordedAndInitSqlRunsOnEveryConnection(TestDatabase db) throws Exception {
        // the function's body names a table that does not exist: PostgreSQL accepts it only with check_function_bodies off
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__create_counter.sql", "CREATE FUNCTION counted() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM later_table';\n");

        engine.upgrade(settings(db, migrations, Map.of("installedBy", "release-bot", "initSql", "SET check_function_bodies = off"), Map.of()));

        assertEquals(List.of("release-bot"), db.column("SELECT DISTINCT installed_by FROM flyway_schema_history"));
        assertEquals("counted", db.single("SELECT proname FROM pg_proc WHERE proname = 'counted'"));
    }

    @Test
    void withoutInitSqlTheSameMigrationFails(TestDatabase db) {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__create_counter.sql", "CREATE FUNCTION counted() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM later_table';\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(settings(db, migrations, Map.of(), Map.of())));

        assertTrue(failure.getMessage().contains("42P01"), failure.getMessage());
    }

    @Test
    void groupRollsBackEveryMigrationOfTheRunWhenOneFails(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__create_users.sql", "CREATE TABLE users (id integer PRIMARY KEY);\n")
                .file("V2__broken.sql", "CREATE TABLE orders (id integer PRIMARY KEY, user_id integer REFERENCES nowhere (id));\n");

        assertThrows(SchemaFailure.class, () -> engine.upgrade(settings(db, migrations, Map.of("group", "true"), Map.of())));

        assertFalse(db.tableExists("public.users"), "V1 was rolled back with V2");
        assertEquals(List.of(), db.column("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL"));
    }

    @Test
    void withoutGroupTheMigrationsBeforeTheFailingOneStay(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__create_users.sql", "CREATE TABLE users (id integer PRIMARY KEY);\n")
                .file("V2__broken.sql", "CREATE TABLE orders (id integer PRIMARY KEY, user_id integer REFERENCES nowhere (id));\n");

        assertThrows(SchemaFailure.class, () -> engine.upgrade(settings(db, migrations, Map.of(), Map.of())));

        assertTrue(db.tableExists("public.users"));
    }

    @Test
    void mixedIsNamedAsThisPluginsOptionWhenAMigrationMixesStatements(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__table_and_index.sql",
                "CREATE TABLE users (id integer PRIMARY KEY, email text);\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n");

        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> engine.upgrade(settings(db, migrations, Map.of(), Map.of())));
        assertTrue(refused.getMessage().contains("set <mixed>true</mixed> (-Dschema.mixed=true)"), refused.getMessage());

        engine.upgrade(settings(db, migrations, Map.of("mixed", "true"), Map.of()));
        assertEquals("users_email", db.single("SELECT indexname FROM pg_indexes WHERE tablename = 'users' AND indexname = 'users_email'"));
    }

    @Test
    void outOfOrderAppliesALateMigrationAndTheCurrentVersionStaysTheHighest(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db"))
                .file("V1__create_users.sql", "CREATE TABLE users (id integer PRIMARY KEY);\n")
                .file("V3__create_orders.sql", "CREATE TABLE orders (id integer PRIMARY KEY);\n");
        engine.upgrade(settings(db, migrations, Map.of(), Map.of()));
        migrations.file("V2__create_notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY);\n");

        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> engine.upgrade(settings(db, migrations, Map.of(), Map.of())));
        assertTrue(refused.getMessage().contains("(-Dschema.outOfOrder=true)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("set -outOfOrder=true"), refused.getMessage());

        UpgradeReport report = engine.upgrade(settings(db, migrations, Map.of("outOfOrder", "true"), Map.of()));
        assertTrue(db.tableExists("public.notes"));
        assertEquals("3", report.versionAfter());
    }

    @Test
    void aFlywaySettingWithAValueFlywayRejectsIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__create_users.sql", "CREATE TABLE users (id integer);\n");

        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> engine.upgrade(settings(db, migrations, Map.of("mixed", "maybe"), Map.of())));

        assertTrue(failure.getMessage().contains("flyway.mixed"), failure.getMessage());
        assertFalse(db.tableExists("public.flyway_schema_history"));
    }
}
