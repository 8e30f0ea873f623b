package io.schemaguard.engine;

import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.flyway.UndoScript;

/** One applied migration a downgrade undoes, and the undo script that does it. */
record DowngradeStep(MigrationEntry migration, UndoScript undo) {

    String migrationFile() {
        return migration.fileName();
    }
}
