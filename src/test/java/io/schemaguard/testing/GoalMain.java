package io.schemaguard.testing;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.Log;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;

import java.util.List;
import java.util.Map;

/**
 * The entry point of a child JVM that runs one goal, so that a test can kill it (SIGKILL) in the
 * middle: {@code GoalMain <goal> <jdbc url> <user> <migrations dir>}. Exit 0 when the goal succeeded.
 * Goals: {@code upgrade}; add stamp, downgrade and verify here as they come.
 */
public final class GoalMain {
    private GoalMain() {
    }

    public static void main(String[] args) {
        String goal = args[0];
        MigrationSettings settings = new MigrationSettings(new ConnectionSettings(args[1], args[2], System.getenv("SCHEMA_TEST_CHILD_PASSWORD")),
                List.of(), null, List.of("filesystem:" + args[3]), null, Map.of(), null, GuardMode.VERIFY, false);
        SchemaEngine engine = new SchemaEngine(Log.silent());
        switch (goal) {
            case "upgrade" -> System.out.println("upgraded to " + engine.upgrade(settings).versionAfter());
            default -> throw new IllegalArgumentException("unknown goal " + goal);
        }
    }
}
