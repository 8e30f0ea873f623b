package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.FactSet;
import io.schemaguard.flyway.FlywayMigrations;

import java.util.HashSet;
import java.util.Set;

/**
 * The target's catalog in the managed schemas, read on a session of its own while the shadow replays (nothing
 * writes to the target meanwhile); read again, in the wider scope, only when the replay built in other schemas.
 */
final class TargetReadAhead implements AutoCloseable {
    private final FlywayMigrations target;
    private final ManagedSchemas managed;
    private final Set<FactSet> factSets;
    private final BackgroundRead<CatalogSnapshot> read;

    private TargetReadAhead(FlywayMigrations target, ManagedSchemas managed, Set<FactSet> factSets) {
        this.target = target;
        this.managed = managed;
        this.factSets = Set.copyOf(factSets);
        this.read = BackgroundRead.start("schema-target-catalog", () -> managed.snapshot(target, this.factSets));
    }

    static TargetReadAhead start(FlywayMigrations target, ManagedSchemas managed, Set<FactSet> factSets) {
        return new TargetReadAhead(target, managed, factSets);
    }

    /** The target's catalog in {@code scope} (the managed schemas and those the replay built in). */
    CatalogSnapshot in(ManagedSchemas scope) {
        CatalogSnapshot managedPart = read.join();
        return new HashSet<>(managed.schemas()).containsAll(scope.schemas()) ? managedPart.within(scope.schemas())
                : scope.snapshot(target, factSets);
    }

    @Override
    public void close() {
        read.close();
    }
}
