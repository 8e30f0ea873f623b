package io.schemaguard.catalog;

import io.schemaguard.engine.DriftReport;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.StampReport;
import io.schemaguard.output.Log;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
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

import static org.junit.jupiter.api.Assertions.*;

/**
 * An index, trigger or policy that is missing or extra is named once, as upgrade names it
 * ({@code index idx_a on public.t}), on the line that tells what was expected and found — in the
 * text of verify and stamp, and as the object of its JSON entry (whose difference has no subject of its own).
 */
@ExtendWith(PostgresExtension.class)
class DiffSubjectsTest {
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;
    private static final String OBJECTS = """
            CREATE TABLE t (id int PRIMARY KEY, a int);
            CREATE INDEX idx_a ON t (a);
            ALTER TABLE t ENABLE ROW LEVEL SECURITY;
            CREATE POLICY p ON t FOR SELECT USING (a > 0);
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
            """;
    private static final String BY_HAND = "DROP INDEX idx_a; DROP POLICY p ON t; DROP TRIGGER tg ON t;"
            + " CREATE INDEX idx_b ON t (id, a); CREATE POLICY q ON t AS RESTRICTIVE USING (id > 0);"
            + " CREATE TRIGGER tg2 AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();";

    private final SchemaEngine engine = new SchemaEngine(Log.silent());

    @TempDir
    Path dir;

    @Test
    void verifyNamesEachMissingOrExtraObjectOnce(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__objects.sql", OBJECTS);
        engine.upgrade(migrations.settings(db));
        db.execute(BY_HAND);

        DriftReport report = engine.verify(migrations.settings(db), ShadowSettings.automatic(), CLASSPATH_BINARIES);

        assertEquals(List.of(
                "index idx_a on public.t  expected CREATE INDEX ON public.t USING btree (a)  found (missing)",
                "  built by V1__objects.sql",
                "trigger tg on public.t  expected BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()  found (missing)",
                "  built by V1__objects.sql",
                "policy p on public.t  expected command SELECT, as PERMISSIVE, to PUBLIC, using (a > 0)  found (missing)",
                "  built by V1__objects.sql",
                "index idx_b on public.t  expected (none)  found CREATE INDEX ON public.t USING btree (id, a)",
                "trigger tg2 on public.t  expected (none)  found AFTER UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()",
                "policy q on public.t  expected (none)  found command ALL, as RESTRICTIVE, to PUBLIC, using (id > 0)",
                "Drift: 3 missing, 3 extra, 0 different, 0 history problems (schema public at version 1)."), report.text());
        String json = report.json();
        String compact = json.replaceAll("\\s*\n\\s*", "");
        assertTrue(compact.contains("{\"object\": \"index idx_a on public.t\",\"differences\": [{\"subject\": null,\"kind\": \"missing\","
                + "\"expected\": \"CREATE INDEX ON public.t USING btree (a)\",\"found\": null}]}"), json);
        assertTrue(compact.contains("{\"object\": \"trigger tg2 on public.t\",\"differences\": [{\"subject\": null,\"kind\": \"extra\","
                + "\"expected\": null,\"found\": \"AFTER UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()\"}]}"), json);
        assertTrue(compact.contains("{\"object\": \"policy q on public.t\",\"differences\": [{\"subject\": null,\"kind\": \"extra\","
                + "\"expected\": null,\"found\": \"command ALL, as RESTRICTIVE, to PUBLIC, using (id > 0)\"}]}"), json);
        assertFalse(json.contains("\"subject\": \"index idx_a on public.t\""), json);
    }

    @Test
    void stampNamesEachMissingObjectOnceWithTheMigrationThatBuildsIt(TestDatabase db) throws Exception {
        Migrations migrations = new Migrations(dir.resolve("db")).file("V1__base.sql", "CREATE TABLE base (id int);\n")
                .file("V2__objects.sql", OBJECTS);
        engine.upgrade(migrations.settings(db, "1", GuardMode.VERIFY));
        db.execute(OBJECTS + "DROP INDEX idx_a; DROP POLICY p ON t; DROP TRIGGER tg ON t;");

        StampReport report = engine.stamp(migrations.settings(db), new StampSettings("2", false, true), ShadowSettings.automatic(),
                CLASSPATH_BINARIES);

        assertEquals(StampReport.Outcome.REFUSED, report.outcome());
        List<String> lines = report.lines();
        assertEquals(List.of(
                "Would refuse the stamp:",
                "Cannot stamp version 2: the database does not hold what the migrations up to 2 build:",
                "  index idx_a on public.t (built by V2__objects.sql)  expected CREATE INDEX ON public.t USING btree (a)  found (missing)",
                "  trigger tg on public.t (built by V2__objects.sql)  expected BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION"
                        + " public.touch()  found (missing)",
                "  policy p on public.t (built by V2__objects.sql)  expected command SELECT, as PERMISSIVE, to PUBLIC, using (a > 0)"
                        + "  found (missing)"), lines.subList(0, 5));
        String compact = report.json().replaceAll("\\s*\n\\s*", "");
        assertTrue(compact.contains("{\"object\": \"trigger tg on public.t (built by V2__objects.sql)\",\"differences\": [{\"subject\": null,"
                + "\"expected\": \"BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()\",\"found\": null}]}"), compact);
    }
}
