package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.FactSet;
import io.schemaguard.catalog.ObjectKey;
import io.schemaguard.flyway.MigrationStatement;
import io.schemaguard.flyway.StatementGuard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Watches a replay and keeps the newest version the target may be at: after that migration, every table, view and
 * sequence the shadow holds in the managed schemas is in the target (one missing is a blocking difference). One fact
 * set read per migration instead of the whole catalog, so a long set costs no quadratic reading; the newest candidate
 * is then compared in full ({@link VersionMatchObserver}). No version newer than it can match.
 */
final class MatchCandidates implements StatementGuard {
    private final ManagedSchemas managed;
    private final Set<ObjectKey> inTarget;
    private String newest;
    private String lastReplayed;

    /** @param target the target's catalog in the managed schemas */
    MatchCandidates(ManagedSchemas managed, CatalogSnapshot target) {
        this.managed = managed;
        this.inTarget = target.objects().stream().map(DbObject::key).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public SQLException execute(Connection connection, MigrationStatement statement, Execution execution) {
        return execution.run();
    }

    @Override
    public void scriptCompleted(Connection connection, String script, String version) {
        if (version == null) {
            return; // repeatable migrations are not replayed for adoption
        }
        CatalogSnapshot relations;
        try {
            relations = CatalogSnapshot.take(connection, managed.schemas(), managed.excluded(), List.of(), EnumSet.of(FactSet.RELATIONS));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the shadow's catalog after " + script + ": " + e.getMessage(), e);
        }
        lastReplayed = version;
        if (relations.objects().stream().allMatch(o -> inTarget.contains(o.key()))) {
            newest = version;
        }
    }

    /** The newest version after which nothing the shadow holds is missing from the target's relations; null when none. */
    String newest() {
        return newest;
    }

    /** The newest version replayed. */
    String lastReplayed() {
        return lastReplayed;
    }
}
