package io.schemaguard.engine;

import io.schemaguard.catalog.SchemaDiff;
import io.schemaguard.flyway.CreatedHistoryTable;
import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.HistoryTableWriter;
import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.guard.AuditTable;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.BaselineSettings;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.ShadowSettings;
import io.schemaguard.shadow.PostgresBinaries;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Flyway's baseline — one {@code BASELINE} row at {@code baselineVersion}, so the migrations at or below it never run —
 * recorded only after the database is proven to hold what those migrations build (the stamp's verification). As
 * Flyway's, it refuses a database that already has a history table (unless baselined the same way already).
 */
final class VerifiedBaseline {
    private final Log log;
    private final ShadowVerification verification;

    VerifiedBaseline(Log log, PostgresBinaries binaries) {
        this.log = log;
        this.verification = new ShadowVerification(log, binaries);
    }

    BaselineReport run(MigrationSettings settings, BaselineSettings baseline, ShadowSettings shadowSettings) {
        HistoryTableWriter.compareVersions(baseline.version(), baseline.version()); // a malformed version is refused first
        try (FlywayMigrations target = new FlywayMigrations(settings, log)) {
            target.checkInputs();
            HistoryTableWriter writer = new HistoryTableWriter(target.historySchema(), settings.table());
            if (target.historyTableExists()) {
                List<HistoryTableWriter.Row> rows = read(target, writer);
                if (alreadyBaselined(rows, baseline)) {
                    return new BaselineReport(BaselineReport.Outcome.NOTHING_TO_DO, baseline.version(), baseline.description(), List.of(),
                            List.of(), List.of(), Map.of(), baseline.dryRun(), List.of());
                }
                throw refusal(target.historyTable().qualifiedName(), rows, baseline);
            }
            List<MigrationEntry> entries = target.entries();
            List<MigrationEntry> covered = entries.stream().filter(e -> e.version() != null && AppliedVersions.hasFile(e)
                    && HistoryTableWriter.compareVersions(e.version(), baseline.version()) <= 0).toList();
            Optional<String> upTo = covered.stream().map(MigrationEntry::version).max(HistoryTableWriter::compareVersions);
            ShadowVerification.Verification verified = upTo.map(v -> verification.verify(target, settings, shadowSettings, entries, null, v))
                    .orElse(null);
            if (verified == null) {
                log.info("No migration has a version at or below " + baseline.version() + ": the baseline covers nothing to verify.");
            }
            boolean clean = verified == null || verified.unverified().isEmpty();
            BaselineReport.Outcome outcome = clean ? BaselineReport.Outcome.BASELINED
                    : baseline.force() ? BaselineReport.Outcome.FORCED : BaselineReport.Outcome.REFUSED;
            BaselineReport report = new BaselineReport(outcome, baseline.version(), baseline.description(),
                    covered.stream().map(MigrationEntry::script).toList(), verified == null ? List.of() : verified.unverified(),
                    verified == null ? List.of() : verified.notes(), verified == null ? Map.of() : verified.data().dataChanges(),
                    baseline.dryRun(), verified == null ? List.of() : verified.diff().reported());
            if (outcome == BaselineReport.Outcome.REFUSED && !baseline.dryRun()) {
                throw new RecordingRefusal(report);
            }
            if (outcome != BaselineReport.Outcome.REFUSED && !baseline.dryRun()) {
                record(target, writer, settings, baseline, outcome, report.unverified().size());
            }
            return report;
        }
    }

    private static boolean alreadyBaselined(List<HistoryTableWriter.Row> rows, BaselineSettings baseline) {
        return rows.stream().anyMatch(r -> "BASELINE".equals(r.type()) && r.version() != null
                && HistoryTableWriter.compareVersions(r.version(), baseline.version()) == 0 && Objects.equals(r.description(), baseline.description()));
    }

    // Flyway's rules: a history table, empty or not, is never baselined again; the advice is this plugin's.
    private static SchemaFailure refusal(String table, List<HistoryTableWriter.Row> rows, BaselineSettings baseline) {
        Optional<HistoryTableWriter.Row> marker = rows.stream().filter(r -> "BASELINE".equals(r.type())).findFirst();
        String why;
        if (marker.isPresent()) {
            why = "it was already baselined at version " + marker.get().version() + " (" + marker.get().description() + ")";
        } else if (rows.stream().allMatch(r -> "SCHEMA".equals(r.type()))) {
            why = "it already exists" + (rows.isEmpty() ? " and is empty" : " (it only records the schemas Flyway created)")
                    + "; drop it if nothing uses it, then run the baseline again";
        } else {
            why = "it already records migrations (" + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + "). A baseline is for a database"
                    + " without a history; to record more versions in this one, run mvn schema:stamp -Dschema.version=<version>"
                    + " (verified as well)";
        }
        return new SchemaFailure("Cannot baseline " + table + " at version " + baseline.version() + ": " + why + ". Nothing was recorded.");
    }

    private void record(FlywayMigrations target, HistoryTableWriter writer, MigrationSettings settings, BaselineSettings baseline,
                        BaselineReport.Outcome outcome, int unverified) {
        CreatedHistoryTable created = target.createHistoryTable();
        AuditTable audit = new AuditTable(target.historySchema(), settings.table());
        boolean forced = outcome == BaselineReport.Outcome.FORCED;
        try (Connection connection = target.connection().open()) {
            writer.underLock(connection, applied -> {
                // another build may have recorded something since the check: never a baseline over a history
                List<HistoryTableWriter.Row> rows = writer.rows(connection);
                if (rows.stream().anyMatch(r -> !"SCHEMA".equals(r.type()))) {
                    throw refusal(target.historyTable().qualifiedName(), rows, baseline);
                }
                writer.insertBaseline(connection, baseline.version(), baseline.description(), settings.flyway().get("installedBy"));
                audit.record(connection, baseline.version(), baseline.description(), null, null,
                        forced ? AuditTable.FORCED : AuditTable.BASELINED,
                        forced ? "baseline recorded without verification; " + unverified + " object group(s) did not verify"
                                : "baseline verified against a replay of the migrations up to it");
            });
        } catch (SQLException | RuntimeException e) {
            if (created != null) {
                created.removeIfEmpty();
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Cannot write the baseline: " + e.getMessage(), e);
        }
        log.info("Baseline row written to " + target.historyTable().qualifiedName() + ".");
    }

    private static List<HistoryTableWriter.Row> read(FlywayMigrations target, HistoryTableWriter writer) {
        try {
            return target.inspect(writer::rows);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the history table: " + e.getMessage(), e);
        }
    }
}
