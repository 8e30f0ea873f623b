package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.ObjectKey;
import io.schemaguard.flyway.MigrationStatement;
import io.schemaguard.flyway.StatementGuard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays with a snapshot after every script and every Flyway callback to name, for each object of interest,
 * the migrations and callbacks that built or changed it. Costly, so it only runs when a report must explain a
 * difference.
 */
final class ObjectOriginObserver implements StatementGuard {
    private final Set<ObjectKey> keys;
    private final ManagedSchemas managed;
    private final Map<ObjectKey, Optional<DbObject>> last = new HashMap<>();
    private final Map<ObjectKey, Set<String>> migrations = new HashMap<>();
    private final Map<ObjectKey, Set<String>> callbacks = new HashMap<>();

    ObjectOriginObserver(Set<ObjectKey> keys, ManagedSchemas managed) {
        this.keys = keys;
        this.managed = managed;
    }

    @Override
    public SQLException execute(Connection connection, MigrationStatement statement, Execution execution) {
        return execution.run();
    }

    @Override
    public void scriptCompleted(Connection connection, String script, String version) {
        observe(connection, script, migrations);
    }

    @Override
    public boolean observesCallbacks() {
        return true;
    }

    @Override
    public void callbackCompleted(Connection connection, String callback) {
        observe(connection, callback, callbacks);
    }

    private void observe(Connection connection, String builder, Map<ObjectKey, Set<String>> builders) {
        try {
            CatalogSnapshot snapshot = CatalogSnapshot.take(connection, managed.schemas(), managed.excluded());
            for (ObjectKey key : keys) {
                Optional<DbObject> now = snapshot.find(key);
                if (!now.equals(last.getOrDefault(key, Optional.empty()))) {
                    Set<String> names = builders.computeIfAbsent(key, k -> new LinkedHashSet<>());
                    names.remove(builder); // the last to change it comes last
                    names.add(builder);
                }
                last.put(key, now);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the shadow's catalog after " + builder + ": " + e.getMessage(), e);
        }
    }

    /** What built or changed the object, if anything of the replay did. */
    Optional<ObjectOrigin> originOf(ObjectKey key) {
        List<String> byMigrations = new ArrayList<>(migrations.getOrDefault(key, Set.of()));
        List<String> byCallbacks = new ArrayList<>(callbacks.getOrDefault(key, Set.of()));
        return byMigrations.isEmpty() && byCallbacks.isEmpty() ? Optional.empty() : Optional.of(new ObjectOrigin(byMigrations, byCallbacks));
    }
}
