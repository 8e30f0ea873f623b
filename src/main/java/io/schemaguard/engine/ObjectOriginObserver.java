package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.ObjectKey;
import io.schemaguard.flyway.MigrationStatement;
import io.schemaguard.flyway.StatementGuard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays with a snapshot after every script to name, for each object of interest, the last
 * migration that built or changed it. Costly, so it only runs when a stamp must explain a refusal.
 */
final class ObjectOriginObserver implements StatementGuard {
    private final Set<ObjectKey> keys;
    private final ManagedSchemas managed;
    private final Map<ObjectKey, Optional<DbObject>> last = new HashMap<>();
    private final Map<ObjectKey, String> origins = new HashMap<>();

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
        try {
            CatalogSnapshot snapshot = CatalogSnapshot.take(connection, managed.schemas(), managed.excluded());
            for (ObjectKey key : keys) {
                Optional<DbObject> now = snapshot.find(key);
                if (!now.equals(last.getOrDefault(key, Optional.empty()))) {
                    origins.put(key, script);
                }
                last.put(key, now);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the shadow's catalog after " + script + ": " + e.getMessage(), e);
        }
    }

    /** The script that last built or changed the object, if any migration did. */
    Optional<String> originOf(ObjectKey key) {
        return Optional.ofNullable(origins.get(key));
    }
}
