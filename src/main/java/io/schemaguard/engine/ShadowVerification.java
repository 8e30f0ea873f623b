package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.FactSet;
import io.schemaguard.catalog.ObjectKey;
import io.schemaguard.catalog.ObjectKind;
import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.output.Log;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.shadow.ShadowDatabase;
import io.schemaguard.shadow.ShadowDatabases;

import java.util.List;
import java.util.Map;

/**
 * Proves what a target holds against a replay of the migrations on a shadow, as stamp and baseline do before they
 * record anything: missing and different objects block, and so do policies and triggers no migration builds on a
 * table one does.
 */
final class ShadowVerification {
    private final Log log;
    private final ShadowDatabases shadows;

    ShadowVerification(Log log, PostgresBinaries binaries) {
        this.log = log;
        this.shadows = new ShadowDatabases(binaries, log);
    }

    /**
     * The database against the replay of the migrations from {@code current} (null: from the start) up to {@code requested}.
     *
     * @param unverified what blocks a record, grouped by object, each group naming the migration that builds it
     * @param notes      objects no migration up to {@code requested} builds (not blocking)
     * @param callbackObjects what only Flyway callbacks build: told, not verified
     * @param builders   per object group, what builds it
     */
    record Verification(SchemaDiff diff, List<DiffGroup> unverified, List<String> notes, DataChangeObserver data,
                        List<DiffGroup> callbackObjects, Map<String, List<String>> builders) {
    }

    /** Replays the migrations up to {@code requested} on a shadow and compares the target with it (shared by stamp and baseline). */
    Verification verify(FlywayMigrations target, MigrationSettings settings, ShadowSettings shadowSettings, List<MigrationEntry> entries,
                        String current, String requested) {
        ManagedSchemas managed = ManagedSchemas.of(target, settings);
        ShadowReplay replay = new ShadowReplay(log, managed, AppliedVersions.unappliedRepeatables(entries));
        DataChangeObserver data = new DataChangeObserver();
        ExpectedSchema expected;
        CatalogSnapshot found;
        try (TargetReadAhead targetCatalog = TargetReadAhead.start(target, managed, FactSet.ALL)) {
            try (ShadowDatabase shadow = shadows.open(settings.connection(), shadowSettings, managed.schemas())) {
                log.info("Expected schema at version " + requested + ": migrations replayed on " + shadow.description() + ".");
                expected = replay.expectedAt(shadow, settings, current, requested, data);
            }
            found = targetCatalog.in(expected.scope());
        }
        SchemaDiff diff = SchemaDiff.compare(expected.snapshot(), found, settings.compare());
        SchemaDiff blocking = blocking(diff, expected.snapshot());
        List<DbObject> extraBehaviour = blocking.extra();
        // A second replay, observed, names what builds each object that did not verify; a stamp runs no callback,
        // so what only callbacks build is told, not verified: the next upgrade runs them.
        ObjectOrigins origins = ObjectOrigins.of(blocking, () -> shadows.open(settings.connection(), shadowSettings,
                expected.scope().schemas()), replay, settings, expected.scope(), requested);
        SchemaDiff byMigrations = origins.withoutCallbacksOnly(blocking);
        List<DiffGroup> unverified = origins.titled(byMigrations.groups());
        List<DiffGroup> callbackObjects = origins.byCallbacksOnly(blocking).groups();
        List<String> notes = diff.extra().stream().filter(o -> !extraBehaviour.contains(o))
                .map(o -> o.key().describe() + " is in the database, but no migration up to " + requested + " builds it").toList();
        return new Verification(diff, unverified, notes, data, callbackObjects, origins.byGroup());
    }

    /**
     * What keeps a stamp from recording: missing and different objects, and a policy or trigger no migration
     * builds on a table one does (it changes which rows that table shows or what its writes do; upgrade refuses
     * it on a table it adopts). Other extra objects are notes.
     */
    static SchemaDiff blocking(SchemaDiff diff, CatalogSnapshot expected) {
        return new SchemaDiff(diff.missing(), extraBehaviour(diff.extra(), expected), diff.different(), List.of());
    }

    /** Of {@code extra}, the policies and triggers on tables {@code expected} holds. */
    static List<DbObject> extraBehaviour(List<DbObject> extra, CatalogSnapshot expected) {
        return extra.stream().filter(o -> (o.key().kind() == ObjectKind.POLICY || o.key().kind() == ObjectKind.TRIGGER)
                && expected.find(ObjectKey.of(ObjectKind.TABLE, o.key().schema(), o.key().table())).isPresent()).toList();
    }
}
