package io.schemaguard.engine;

import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.flyway.CreatedHistoryTable;
import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.HistoryTableWriter;
import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.guard.AuditTable;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.settings.StampSettings;
import io.schemaguard.shadow.PostgresBinaries;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records migrations as applied only after proving the schema holds what they build: the
 * expected schema at the version is replayed on a shadow and compared with the target as a whole
 * (a later ALTER of an object an earlier migration created is part of what is expected).
 */
final class VerifiedStamp {
    private final Log log;
    private final ShadowVerification verification;

    VerifiedStamp(Log log, PostgresBinaries binaries) {
        this.log = log;
        this.verification = new ShadowVerification(log, binaries);
    }

    StampReport run(MigrationSettings settings, StampSettings stamp, ShadowSettings shadowSettings) {
        if (settings.target() != null) {
            // target is upgrade's and downgrade's; silently ignoring it would record a version the user did not ask for
            String given = stamp.version() == null || stamp.version().isEmpty() ? "target=" + settings.target() + " but no version"
                    : "both version=" + stamp.version() + " and target=" + settings.target();
            throw new SchemaFailure("stamp was given " + given + ": stamp records the version given by version only. Drop target (-Dschema.target, <target>) and say the version"
                    + " with -Dschema.version=<version> (or latest). Nothing was recorded.");
        }
        if (stamp.version() == null || stamp.version().isEmpty()) {
            throw new SchemaFailure("Which version should the history say? Run mvn schema:stamp -Dschema.version=<version> (or latest).");
        }
        try (FlywayMigrations target = new FlywayMigrations(settings, log)) {
            return run(target, settings, stamp, shadowSettings);
        }
    }

    private StampReport run(FlywayMigrations target, MigrationSettings settings, StampSettings stamp, ShadowSettings shadowSettings) {
        target.checkInputs();
        boolean historyExists = target.historyTableExists();
        List<MigrationEntry> entries = target.entries();
        String current = historyExists ? AppliedVersions.current(entries) : null;
        String requested = resolve(stamp.version(), entries);
        if (current != null && HistoryTableWriter.compareVersions(requested, current) == 0) {
            return new StampReport(StampReport.Outcome.NOTHING_TO_DO, current, requested, List.of(), List.of(), List.of(),
                    Map.of(), stamp.dryRun());
        }
        if (current != null && HistoryTableWriter.compareVersions(requested, current) < 0) {
            return down(target, settings, current, requested, stamp.dryRun());
        }
        return up(target, settings, stamp, shadowSettings, entries, current, requested, historyExists);
    }

    private StampReport up(FlywayMigrations target, MigrationSettings settings, StampSettings stamp, ShadowSettings shadowSettings,
                           List<MigrationEntry> entries, String current, String requested, boolean historyExists) {
        // Versioned migrations only: a repeatable one is never stamped by accident.
        List<MigrationEntry> range = entries.stream().filter(e -> e.version() != null && !e.applied() && AppliedVersions.hasFile(e)
                && (current == null || HistoryTableWriter.compareVersions(e.version(), current) > 0)
                && HistoryTableWriter.compareVersions(e.version(), requested) <= 0).toList();
        ShadowVerification.Verification verified = verification.verify(target, settings, shadowSettings, entries, current, requested);
        List<DiffGroup> unverified = verified.unverified();
        List<String> notes = verified.notes();
        SchemaDiff diff = verified.diff();
        DataChangeObserver data = verified.data();
        StampReport.Outcome outcome = unverified.isEmpty() ? StampReport.Outcome.STAMPED
                : stamp.force() ? StampReport.Outcome.FORCED : StampReport.Outcome.REFUSED;
        List<String> scripts = range.stream().map(MigrationEntry::script).toList();
        if (outcome != StampReport.Outcome.REFUSED && !stamp.dryRun()) {
            scripts = record(target, settings, range, outcome, historyExists, unverified.size());
        }
        StampReport report = new StampReport(outcome, current, requested, scripts, unverified, notes, data.dataChanges(),
                stamp.dryRun(), diff.reported(), verified.callbackObjects(), verified.builders());
        if (outcome == StampReport.Outcome.REFUSED && !stamp.dryRun()) {
            throw new StampRefusal(report);
        }
        return report;
    }

    private List<String> record(FlywayMigrations target, MigrationSettings settings, List<MigrationEntry> range,
                                StampReport.Outcome outcome, boolean historyExists, int unverified) {
        CreatedHistoryTable created = historyExists ? null : target.createHistoryTable();
        try {
            return write(target, settings, range, outcome, unverified);
        } catch (RuntimeException e) {
            if (created != null) {
                created.removeIfEmpty(); // a stamp that recorded nothing leaves no history table of its own making
            }
            throw e;
        }
    }

    private List<String> write(FlywayMigrations target, MigrationSettings settings, List<MigrationEntry> range,
                               StampReport.Outcome outcome, int unverified) {
        boolean forced = outcome == StampReport.Outcome.FORCED;
        String detail = forced ? "recorded without verification; " + unverified + " object group(s) did not verify"
                : "verified against a replay of the migrations";
        try {
            return new LockedHistory(target, settings).recordMigrations(target, range, forced ? AuditTable.FORCED : AuditTable.STAMPED,
                    migration -> detail).stream().map(MigrationEntry::script).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the history: " + e.getMessage(), e);
        }
    }

    private StampReport down(FlywayMigrations target, MigrationSettings settings, String current, String requested, boolean dryRun) {
        LockedHistory history = new LockedHistory(target, settings);
        List<String> removed = new ArrayList<>();
        try (Connection connection = target.connection().open()) {
            history.inTransaction(connection, dryRun, c -> {
                for (HistoryTableWriter.RemovedRow row : history.writer().deleteAbove(c, requested)) {
                    history.audit().record(c, row.version(), row.script(), null, null, AuditTable.UNSTAMPED,
                            "history row removed by a stamp to version " + requested + "; the schema was not changed");
                    removed.add(row.script());
                }
                return removed;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the history: " + e.getMessage(), e);
        }
        return new StampReport(StampReport.Outcome.REMOVED, current, requested, removed, List.of(), List.of(), Map.of(), dryRun);
    }

    /** {@code latest}, or a version some migration has; anything else is the user's error, with the nearest known versions. */
    private static String resolve(String requested, List<MigrationEntry> entries) {
        List<String> known = entries.stream().filter(e -> e.version() != null && !"BASELINE".equals(e.type()))
                .map(MigrationEntry::version).distinct().sorted(HistoryTableWriter::compareVersions).toList();
        if (StampSettings.LATEST.equalsIgnoreCase(requested)) {
            return entries.stream().filter(e -> e.version() != null && AppliedVersions.hasFile(e)).map(MigrationEntry::version)
                    .max(HistoryTableWriter::compareVersions)
                    .orElseThrow(() -> new SchemaFailure("There is no versioned migration to stamp."));
        }
        HistoryTableWriter.compareVersions(requested, requested);
        for (String version : known) {
            if (HistoryTableWriter.compareVersions(version, requested) == 0) {
                return version;
            }
        }
        String below = known.stream().filter(v -> HistoryTableWriter.compareVersions(v, requested) < 0).reduce((a, b) -> b).orElse(null);
        String above = known.stream().filter(v -> HistoryTableWriter.compareVersions(v, requested) > 0).findFirst().orElse(null);
        List<String> nearest = new ArrayList<>();
        if (below != null) {
            nearest.add(below);
        }
        if (above != null) {
            nearest.add(above);
        }
        throw new SchemaFailure("Unknown version " + requested + ": no migration has it."
                + (nearest.isEmpty() ? "" : " Nearest known version" + (nearest.size() == 1 ? ": " : "s: ") + String.join(", ", nearest) + ".")
                + " Use one of those, or latest.");
    }
}
