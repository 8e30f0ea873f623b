package io.schemaguard.engine;

import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.flyway.UndoScript;

/** One applied migration a downgrade undoes, and the undo script that does it. */
record DowngradeStep(MigrationEntry migration, UndoScript undo) {

    String migrationFile() {
        String script = migration.script();
        int slash = Math.max(script.lastIndexOf('/'), script.lastIndexOf('\\'));
        return script.substring(slash + 1);
    }
}
