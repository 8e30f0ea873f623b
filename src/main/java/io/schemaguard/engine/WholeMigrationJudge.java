package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.Difference;
import io.schemaguard.catalog.ObjectKey;
import io.schemaguard.catalog.ObjectKind;
import io.schemaguard.catalog.ObjectDiff;
import io.schemaguard.catalog.ReportedFact;
import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.HistoryTableWriter;
import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.output.Log;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.shadow.PostgresBinaries;
import io.schemaguard.shadow.ShadowDatabase;
import io.schemaguard.shadow.ShadowDatabases;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges one migration by its final result, as stamp and verify judge the schema: the migrations
 * before it replayed on a shadow, then it; what it built, changed or removed there is compared with
 * the live objects. A statement's own comparison cannot see that a later statement of the same
 * migration alters what it built (ADD COLUMN, then SET NOT NULL); this judgement can.
 */
final class WholeMigrationJudge {
    private final Log log;
    private final PostgresBinaries binaries;
    private final ShadowSettings shadowSettings;

    WholeMigrationJudge(Log log, PostgresBinaries binaries, ShadowSettings shadowSettings) {
        this.log = log;
        this.binaries = binaries;
        this.shadowSettings = shadowSettings;
    }

    /** The migration {@code migration} of {@code entries} (Flyway's list of the target's migrations), judged against the target. */
    MigrationJudgement judge(FlywayMigrations target, MigrationSettings settings, List<MigrationEntry> entries, MigrationEntry migration) {
        String previous = entries.stream().filter(e -> e.version() != null && !"BASELINE".equals(e.type()) && AppliedVersions.hasFile(e)
                        && HistoryTableWriter.compareVersions(e.version(), migration.version()) < 0)
                .map(MigrationEntry::version).max(HistoryTableWriter::compareVersions).orElse(null);
        ManagedSchemas managed = ManagedSchemas.of(target, settings);
        ShadowReplay replay = new ShadowReplay(log, managed, AppliedVersions.unappliedRepeatables(entries));
        DataChangeObserver data = new DataChangeObserver();
        MigrationChange change;
        String shadowDescription;
        // Opened only here, on the path of a refusal: an upgrade where nothing collides never makes a shadow.
        try (ShadowDatabase shadow = new ShadowDatabases(binaries, log).open(settings.connection(), shadowSettings, managed.schemas())) {
            shadowDescription = shadow.description();
            change = replay.changeOf(shadow, settings, previous, migration.version(), data);
        }
        CatalogSnapshot live = change.replayScope().and(change.scope().schemas()).snapshot(target);
        return new MigrationJudgement(migration, finalResult(change, live, settings), verifiedStampSucceeds(change, live, settings),
                change.builtOrChanged().stream().map(o -> o.key().describe()).toList(),
                data.dataChanges().getOrDefault(migration.fileName(), List.of()), shadowDescription);
    }

    // What the migration ends with, object by object, against the live objects of the same names.
    private static SchemaDiff finalResult(MigrationChange change, CatalogSnapshot live, MigrationSettings settings) {
        List<DbObject> missing = new ArrayList<>();
        List<ObjectDiff> different = new ArrayList<>();
        List<ObjectDiff> notes = new ArrayList<>();
        List<ReportedFact> reported = new ArrayList<>();
        for (DbObject expected : change.builtOrChanged()) {
            Optional<DbObject> found = live.find(expected.key());
            Optional<DbObject> otherKind = found.isPresent() ? Optional.empty() : sameNameOtherKind(live, expected.key());
            if (otherKind.isPresent()) {
                different.add(new ObjectDiff(expected.key(), List.of(new Difference(expected.key().describe(),
                        expected.key().kind().label(), otherKind.get().key().describe())), List.of()));
                continue;
            }
            if (found.isEmpty()) {
                missing.add(expected);
                continue;
            }
            ObjectDiff diff = ObjectDiff.compare(expected, found.get(), settings.compare());
            reported.addAll(diff.reported());
            if (!diff.identical()) {
                different.add(diff);
            } else if (!diff.notes().isEmpty()) {
                notes.add(diff);
            }
        }
        // What the migration drops must be gone; a policy or trigger beside a table it builds, that no migration up to
        // the target creates, changes what the table does (as a stamp and the statement guard decide).
        List<DbObject> extra = new ArrayList<>(change.removed().stream().map(live::find).flatMap(Optional::stream).toList());
        Set<ObjectKey> builtTables = change.builtOrChanged().stream().map(DbObject::key)
                .filter(key -> key.kind() == ObjectKind.TABLE).collect(Collectors.toSet());
        live.objects().stream().filter(o -> (o.key().kind() == ObjectKind.POLICY || o.key().kind() == ObjectKind.TRIGGER)
                        && builtTables.contains(ObjectKey.of(ObjectKind.TABLE, o.key().schema(), o.key().table()))
                        && change.after().find(o.key()).isEmpty() && change.atTarget().find(o.key()).isEmpty())
                .forEach(extra::add);
        return new SchemaDiff(missing, extra, different, notes, reported);
    }

    // A view where the migration builds a table: named as what it is, not as a missing table.
    private static Optional<DbObject> sameNameOtherKind(CatalogSnapshot live, ObjectKey key) {
        return live.objects().stream().filter(o -> o.key().kind() != key.kind() && o.key().schema().equals(key.schema())
                && o.key().name().equals(key.name()) && java.util.Objects.equals(o.key().table(), key.table())).findFirst();
    }

    // As a stamp to this version decides: everything the migrations up to it build, against the database (extra objects are notes).
    private static boolean verifiedStampSucceeds(MigrationChange change, CatalogSnapshot live, MigrationSettings settings) {
        CatalogSnapshot expected = change.after().within(change.replayScope().schemas());
        SchemaDiff diff = SchemaDiff.compare(expected, live.within(change.replayScope().schemas()), settings.compare());
        return ShadowVerification.blocking(diff, expected).identical();
    }
}
