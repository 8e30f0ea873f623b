package io.schemaguard.engine;

import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.ObjectDiff;
import io.schemaguard.catalog.ObjectKey;
import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.shadow.ShadowDatabase;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What built each object a diff reports missing or different — migrations and Flyway callbacks — found by a
 * second replay that snapshots the shadow after every script and every callback. Only run when there is such
 * an object: a clean comparison costs no second replay.
 */
final class ObjectOrigins {
    private final Map<ObjectKey, ObjectOrigin> byKey;

    private ObjectOrigins(Map<ObjectKey, ObjectOrigin> byKey) {
        this.byKey = byKey;
    }

    /** The origins of the missing and different objects of {@code diff}, replayed up to {@code version} on a fresh shadow. */
    static ObjectOrigins of(SchemaDiff diff, Supplier<ShadowDatabase> freshShadow, ShadowReplay replay, MigrationSettings settings,
                            ManagedSchemas scope, String version) {
        Set<ObjectKey> keys = new LinkedHashSet<>();
        diff.missing().stream().map(DbObject::key).forEach(keys::add);
        diff.different().stream().map(ObjectDiff::key).forEach(keys::add);
        if (keys.isEmpty()) {
            return new ObjectOrigins(Map.of());
        }
        ObjectOriginObserver observer = new ObjectOriginObserver(keys, scope);
        try (ShadowDatabase shadow = freshShadow.get()) {
            replay.expectedAt(shadow, settings, null, version, observer);
        }
        Map<ObjectKey, ObjectOrigin> found = new LinkedHashMap<>();
        for (ObjectKey key : keys) {
            observer.originOf(key).ifPresent(origin -> found.put(key, origin));
        }
        return new ObjectOrigins(found);
    }

    Optional<ObjectOrigin> of(ObjectKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    boolean onlyCallbacks(ObjectKey key) {
        return of(key).map(ObjectOrigin::onlyCallbacks).orElse(false);
    }

    /** Of {@code diff}, the missing and different objects only callbacks build (extra objects: none). */
    SchemaDiff byCallbacksOnly(SchemaDiff diff) {
        return new SchemaDiff(diff.missing().stream().filter(o -> onlyCallbacks(o.key())).toList(), List.of(),
                diff.different().stream().filter(d -> onlyCallbacks(d.key())).toList(), List.of());
    }

    /** {@code diff} without the objects only callbacks build. */
    SchemaDiff withoutCallbacksOnly(SchemaDiff diff) {
        return new SchemaDiff(diff.missing().stream().filter(o -> !onlyCallbacks(o.key())).toList(), diff.extra(),
                diff.different().stream().filter(d -> !onlyCallbacks(d.key())).toList(), List.of());
    }

    /** The groups, each title followed by what built the object: {@code table public.t (built by V1__t.sql)}. */
    List<DiffGroup> titled(List<DiffGroup> groups) {
        Map<String, List<String>> builders = byGroup();
        return groups.stream().map(group -> builders.containsKey(group.title())
                ? new DiffGroup(group.title() + " (built by " + String.join(", ", builders.get(group.title())) + ")", group.differences())
                : group).toList();
    }

    /** Per group title ({@code table public.t}), what built the object, for reports. */
    Map<String, List<String>> byGroup() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        byKey.forEach((key, origin) -> groups.put(SchemaDiff.groupOf(key), origin.builtBy()));
        return groups;
    }
}
