package io.schemaguard.testing;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.Log;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

import java.util.List;
import java.util.Map;

/**
 * The entry point of a child JVM that runs one goal, so that a test can kill it (SIGKILL) in the
 * middle: {@code GoalMain <goal> <jdbc url> <user> <migrations dir>}. Exit 0 when the goal succeeded.
 * Goals: {@code upgrade}, {@code verify} and {@code stamp} (to latest), the last two with an automatic shadow; add more here as they come.
 */
public final class GoalMain {
    private static final PostgresBinaries CLASSPATH_BINARIES = major -> DefaultPostgresBinaryResolver.INSTANCE;

    private GoalMain() {
    }

    public static void main(String[] args) {
        String goal = args[0];
        MigrationSettings settings = new MigrationSettings(new ConnectionSettings(args[1], args[2], System.getenv("SCHEMA_TEST_CHILD_PASSWORD")),
                List.of(), null, List.of("filesystem:" + args[3]), null, Map.of(), null, GuardMode.VERIFY, false);
        SchemaEngine engine = new SchemaEngine(Log.silent());
        switch (goal) {
            case "upgrade" -> System.out.println("upgraded to " + engine.upgrade(settings).versionAfter());
            case "verify" -> System.out.println(engine.verify(settings, ShadowSettings.automatic(), CLASSPATH_BINARIES).summary());
            case "stamp" -> System.out.println("stamp: " + engine.stamp(settings, new StampSettings(StampSettings.LATEST, false, false),
                    ShadowSettings.automatic(), CLASSPATH_BINARIES).outcome());
            default -> throw new IllegalArgumentException("unknown goal " + goal);
        }
    }
}
