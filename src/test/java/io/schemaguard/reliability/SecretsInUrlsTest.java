package io.schemaguard.reliability;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.testing.Migrations;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.RecordingLog;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A password written into a URL would be printed wherever the URL is (messages, Maven's -X): such
 * a URL is refused before anything is done, with a message that shows neither the URL nor the
 * password and says where the password belongs.
 */
@ExtendWith(PostgresExtension.class)
class SecretsInUrlsTest {
    private static final String SECRET = "Url-Secret-9Zk";

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();
    private final SchemaEngine engine = new SchemaEngine(log);

    private static void assertRefusedWithoutShowing(SchemaFailure refused, String form) {
        String message = refused.getMessage();
        assertTrue(message.contains(form), "'" + form + "' in: " + message);
        assertTrue(message.contains("<serverId>") && message.contains("<password>"), message);
        assertFalse(message.contains(SECRET), message);
        assertFalse(message.contains("127.0.0.1"), "the URL is not shown: " + message);
    }

    @Test
    void aWorkingUrlWithAPasswordParameterIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        db.execute("CREATE ROLE url_user LOGIN PASSWORD '" + SECRET + "' IN ROLE password_required;"
                + " GRANT CREATE ON SCHEMA public TO url_user");
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", "CREATE TABLE users (id int);\n");
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "password=" + SECRET;

        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> engine.upgrade(
                migrations.settings(new ConnectionSettings(url, "url_user", null), null, GuardMode.VERIFY)));

        assertRefusedWithoutShowing(refused, "a password= parameter");
        assertFalse(db.tableExists("public.users"), "nothing ran");
        assertFalse(db.tableExists("public.flyway_schema_history"));
        assertTrue(log.lines().stream().noneMatch(line -> line.contains(SECRET)), log.lines().toString());
    }

    @Test
    void credentialsBeforeTheHostAreRefusedAndNeverEchoed(TestDatabase db) {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__users.sql", "CREATE TABLE users (id int);\n");
        String url = db.url().replace("jdbc:postgresql://", "jdbc:postgresql://app:" + SECRET + "@");

        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> engine.upgrade(
                migrations.settings(new ConnectionSettings(url, db.user(), db.password()), null, GuardMode.VERIFY)));

        assertRefusedWithoutShowing(refused, "credentials before the host (user:password@host)");
    }

    @Test
    void everyPasswordParameterAndCaseIsRefused() {
        for (String url : new String[] {
                "jdbc:postgresql://127.0.0.1:5432/app?user=app&Password=" + SECRET,
                "jdbc:postgresql://127.0.0.1:5432/app?sslmode=require&sslpassword=" + SECRET,
                "jdbc:postgresql://127.0.0.1:5432,127.0.0.1:5433/app?password=" + SECRET,
                "jdbc:postgresql://" + SECRET + "@127.0.0.1:5432/app"}) {
            SchemaFailure refused = assertThrows(SchemaFailure.class, () -> new ConnectionSettings(url, "app", null), url);
            assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
        }
    }

    @Test
    void aShadowUrlWithAPasswordIsRefusedToo() {
        SchemaFailure refused = assertThrows(SchemaFailure.class,
                () -> new ShadowSettings("jdbc:postgresql://127.0.0.1:5432/shadow?password=" + SECRET));

        assertTrue(refused.getMessage().contains("shadowUrl") && refused.getMessage().contains("a password= parameter"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains(SECRET));
        assertFalse(refused.getMessage().contains("127.0.0.1"));
    }

    @Test
    void urlsWithoutCredentialsAreAccepted() {
        for (String url : new String[] {
                "jdbc:postgresql://127.0.0.1:5432/app",
                "jdbc:postgresql://[::1]:5432/app?user=app&ApplicationName=me@home",
                "jdbc:postgresql://127.0.0.1:5432,127.0.0.1:5433/app?targetServerType=primary&passwordless=true",
                "jdbc:postgresql:app",
                "jdbc:postgresql:app?options=-c%20x=//a@b"}) {
            assertEquals(url, new ConnectionSettings(url, "app", "p").url());
        }
    }
}
