package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.ObjectKey;

import java.util.List;
import java.util.Optional;

/**
 * One migration replayed on a shadow: the schema before and after it. {@code scope} holds the
 * schemas it built or changed objects in, {@code replayScope} those every migration up to it did
 * (the schemas a stamp to its version compares); {@code atTarget} is the schema after every migration up
 * to the upgrade's target.
 */
record MigrationChange(CatalogSnapshot before, CatalogSnapshot after, CatalogSnapshot atTarget, ManagedSchemas scope,
                       ManagedSchemas replayScope) {

    /** The objects the migration built or changed, as they are after it. */
    List<DbObject> builtOrChanged() {
        return after.objects().stream().filter(o -> !before.find(o.key()).equals(Optional.of(o))).toList();
    }

    /** The objects the migration removed. */
    List<ObjectKey> removed() {
        return before.objects().stream().map(DbObject::key).filter(key -> after.find(key).isEmpty()).toList();
    }
}
