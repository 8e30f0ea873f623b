package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.CompareMode;
import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.flyway.MigrationStatement;
import io.schemaguard.flyway.StatementGuard;
import io.schemaguard.guard.DataStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Watches one replay of the migrations on a shadow and, after each versioned migration, compares
 * what the replay holds then with the target as stamp compares (missing and different objects, and
 * policies or triggers no migration builds on a table one does, block; other extra objects do not).
 * Only the newest result is kept, with the closest mismatch: memory stays that of two schemas.
 */
final class VersionMatchObserver implements StatementGuard {
    private final ManagedSchemas managed;
    private final CompareMode mode;
    private final ShadowCatalog shadowCatalog;
    private final TargetReadAhead targetCatalog;
    private final Predicate<String> compared;
    private final Map<String, List<String>> dataStatements = new LinkedHashMap<>();
    private CatalogSnapshot found;
    private ManagedSchemas foundScope;
    private String matched;
    private String lastReplayed;
    private Mismatch closest;
    private Boolean firstOnlyMissing;

    /** The blocking differences at one version, and how many of the objects expected there are identical. */
    record Mismatch(String version, String script, SchemaDiff blocking, int identical, int expected) {
        /** Facets that differ, and objects missing or extra as a whole: what a user would have to reconcile. */
        int differences() {
            return blocking.groups().stream().mapToInt(group -> group.differences().size()).sum();
        }
    }

    /** @param compared the versions after which the target is compared (the others are only replayed) */
    VersionMatchObserver(ManagedSchemas managed, CompareMode mode, ShadowCatalog shadowCatalog, TargetReadAhead targetCatalog,
                         Predicate<String> compared) {
        this.managed = managed;
        this.mode = mode;
        this.shadowCatalog = shadowCatalog;
        this.targetCatalog = targetCatalog;
        this.compared = compared;
    }

    @Override
    public SQLException execute(Connection connection, MigrationStatement statement, Execution execution) {
        DataStatement.verbOf(statement.sql()).ifPresent(verb -> dataStatements.computeIfAbsent(statement.script(), s -> new ArrayList<>())
                .add("statement " + statement.number() + " (line " + statement.line() + "): " + verb));
        return execution.run();
    }

    @Override
    public void scriptCompleted(Connection connection, String script, String version) {
        if (version == null) {
            return; // repeatable migrations are not replayed for adoption: they run again after it
        }
        if (!compared.test(version)) {
            lastReplayed = version;
            return;
        }
        ExpectedSchema expected;
        try {
            expected = shadowCatalog.expected(connection, managed);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the shadow's catalog after " + script + ": " + e.getMessage(), e);
        }
        SchemaDiff diff = SchemaDiff.compare(expected.snapshot(), found(expected.scope()).within(expected.scope().schemas()), mode);
        SchemaDiff blocking = ShadowVerification.blocking(diff, expected.snapshot());
        lastReplayed = version;
        if (firstOnlyMissing == null) {
            firstOnlyMissing = blocking.different().isEmpty() && blocking.extra().isEmpty();
        }
        if (blocking.identical()) {
            matched = version;
            return;
        }
        int size = expected.snapshot().objects().size();
        Mismatch mismatch = new Mismatch(version, script, blocking, size - blocking.missing().size() - blocking.different().size(), size);
        // ties go to the newer version: the one a user most likely meant
        if (closest == null || mismatch.differences() <= closest.differences()) {
            closest = mismatch;
        }
    }

    // The target read once, and again only when the replay builds in a schema it had not read.
    private CatalogSnapshot found(ManagedSchemas scope) {
        if (foundScope == null || !foundScope.schemas().containsAll(scope.schemas())) {
            foundScope = foundScope == null ? scope : foundScope.and(scope.schemas());
            found = targetCatalog.in(foundScope);
        }
        return found;
    }

    /** The newest version whose expected schema the target holds; null when none does. */
    String matched() {
        return matched;
    }

    /** The newest version replayed. */
    String lastReplayed() {
        return lastReplayed;
    }

    /** The version with the fewest blocking differences (the newest of equals), when some version did not match. */
    Mismatch closest() {
        return closest;
    }

    /** Whether the first migration's objects are only missing from the target, none different: it holds none of them yet. */
    boolean firstOnlyMissing() {
        return firstOnlyMissing == null || firstOnlyMissing;
    }

    /** Per script, its statements that change rows: an adoption does not run them, no comparison verifies them. */
    Map<String, List<String>> dataStatements() {
        return dataStatements;
    }
}
