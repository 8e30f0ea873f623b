package io.schemaguard.engine;

import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.flyway.MigrationEntry;

import java.util.List;

/**
 * A migration judged by its final result.
 *
 * @param finalResult            what the database lacks or holds differently of what the migration ends with
 *                               (an object it drops and the database still holds is an extra)
 * @param verifiedStampSucceeds  whether a plain stamp to its version would record it
 * @param objects                the objects it builds or changes, as messages name them
 * @param dataStatements         its statements that change rows, which no comparison verifies
 * @param shadow                 where it was replayed
 */
record MigrationJudgement(MigrationEntry migration, SchemaDiff finalResult, boolean verifiedStampSucceeds, List<String> objects,
                          List<String> dataStatements, String shadow) {

    MigrationJudgement {
        objects = List.copyOf(objects);
        dataStatements = List.copyOf(dataStatements);
    }

    boolean identical() {
        return finalResult.identical();
    }
}
