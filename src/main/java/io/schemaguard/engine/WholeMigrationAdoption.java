package io.schemaguard.engine;

import io.schemaguard.catalog.DiffGroup;
import io.schemaguard.catalog.DiffText;
import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.HistoryTableWriter;
import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.guard.AuditTable;
import io.schemaguard.guard.GuardRefusal;
import io.schemaguard.guard.GuardRefusal.StampAdvice;
import io.schemaguard.guard.ObjectVerdict;
import io.schemaguard.guard.SkippedStatement;
import io.schemaguard.output.Log;
import io.schemaguard.settings.MigrationSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an upgrade does when the guard refuses a statement: the migration is judged as a whole
 * ({@link WholeMigrationJudge}). When the database holds exactly what it ends with, and nothing of it
 * persisted (it ran in a transaction that was rolled back), it is recorded as adopted — a history row
 * as stamp writes it, audit rows saying why — and the upgrade goes on. Otherwise the refusal names
 * the differences of the migration's final result and the stamp that would fix it, forced or not.
 */
final class WholeMigrationAdoption {
    private final Log log;
    private final WholeMigrationJudge judge;

    WholeMigrationAdoption(Log log, WholeMigrationJudge judge) {
        this.log = log;
        this.judge = judge;
    }

    /** The refused migration adopted (recorded unless {@code dryRun}); else the refusal, restated, is thrown. */
    MigrationOutcome adoptOrRefuse(FlywayMigrations target, MigrationSettings settings, GuardRefusal refusal, boolean dryRun) {
        List<MigrationEntry> entries = target.entries();
        MigrationEntry migration = entries.stream().filter(e -> !e.applied() && e.version() != null
                && e.fileName().equals(refusal.script())).findFirst().orElse(null);
        if (migration == null || !refusal.judgeableAsAWhole()) {
            // a repeatable migration has no version to adopt; objects beside an adopted table no replay of it builds
            throw refusal;
        }
        MigrationJudgement judgement;
        try {
            judgement = judge.judge(target, settings, entries, migration);
        } catch (RuntimeException e) {
            log.warn(refusal.script() + " could not be judged as a whole (its final result replayed on a shadow database): "
                    + e.getMessage());
            GuardRefusal unjudged = refusal.advising(StampAdvice.UNKNOWN);
            unjudged.addSuppressed(e);
            throw unjudged;
        }
        StampAdvice advice = judgement.verifiedStampSucceeds() ? StampAdvice.VERIFIED_STAMP_SUCCEEDS : StampAdvice.ONLY_FORCED;
        if (!judgement.identical()) {
            throw restated(refusal, judgement, advice);
        }
        if (!refusal.rolledBack()) {
            // statements of a migration outside a transaction ran before the refused one: no history row may pretend otherwise
            throw refusal.advising(advice);
        }
        List<SkippedStatement> skipped = judgement.objects().stream().map(object -> new SkippedStatement(0, object,
                "the whole migration: " + object + " already exists and is identical to what it builds", List.of(), List.of())).toList();
        log.info(migration.fileName() + ": " + firstLine(refusal) + " judged on the whole migration instead (replayed on "
                + judgement.shadow() + "), the database holds exactly what it builds: " + (dryRun ? "would be " : "") + "adopted");
        skipped.forEach(skip -> log.info(migration.fileName() + ", " + skip.line()));
        judgement.dataStatements().forEach(statement -> log.warn(migration.fileName() + ", " + statement
                + " was not run: the migration was adopted, and no comparison verifies a change of rows"));
        judgement.finalResult().reported().forEach(fact -> log.warn(migration.fileName() + ": adopted " + fact.line()));
        if (!dryRun) {
            record(target, settings, judgement, refusal);
        }
        return new MigrationOutcome(migration.version(), migration.description(), migration.script(), MigrationOutcome.Kind.ADOPTED,
                0, skipped);
    }

    // Where the statement's comparison saw what the final result shows, its message stands; else the final result's differences.
    private static GuardRefusal restated(GuardRefusal refusal, MigrationJudgement judgement, StampAdvice advice) {
        List<String> present = new ArrayList<>();
        judgement.finalResult().different().forEach(diff -> present.addAll(DiffText.lines(diff.differences())));
        present.addAll(judgement.finalResult().extra().stream().map(o -> o.key().describe()).toList());
        if (!refusal.statementDifferences().isEmpty() && normalized(present).equals(normalized(refusal.statementDifferences()))) {
            return refusal.advising(advice);
        }
        String shortName = "V" + judgement.migration().version();
        List<String> lines = new ArrayList<>();
        lines.add(judgement.migration().fileName() + ": " + firstLine(refusal) + " judged on the whole migration instead (its"
                + " final result, every statement replayed on " + judgement.shadow() + "), the database still differs from what "
                + shortName + " builds:");
        for (DiffGroup group : judgement.finalResult().groups()) {
            DiffText.group(group).forEach(line -> lines.add("  " + line));
        }
        List<DiffGroup> groups = judgement.finalResult().groups();
        String kind = groups.isEmpty() ? "objects" : groups.get(0).title().startsWith("materialized view") ? "materialized view"
                : groups.get(0).title().split(" ")[0];
        List<ObjectVerdict> differing = groups.stream()
                .map(group -> new ObjectVerdict(group.title(), DiffText.lines(group.differences()), List.of())).toList();
        return refusal.judgedAsAWhole(lines, kind, differing, advice);
    }

    private static Set<String> normalized(List<String> lines) {
        Set<String> set = new HashSet<>();
        lines.forEach(line -> set.add(line.trim().replaceAll("\\s+", " ")));
        return set;
    }

    // "V2__x.sql, statement 1 (line 1): table public.t already exists and differs from what this statement builds:" without its file.
    private static String firstLine(GuardRefusal refusal) {
        String first = refusal.getMessage().lines().findFirst().orElse("");
        String prefix = refusal.script() + ", ";
        first = first.startsWith(prefix) ? first.substring(prefix.length()) : first;
        return (first.endsWith(":") ? first.substring(0, first.length() - 1) : first) + ";";
    }

    // A history row as stamp writes it, and audit rows saying that, and why, the migration was adopted as a whole.
    private void record(FlywayMigrations target, MigrationSettings settings, MigrationJudgement judgement, GuardRefusal refusal) {
        MigrationEntry migration = judgement.migration();
        HistoryTableWriter writer = new HistoryTableWriter(target.historySchema(), settings.table());
        AuditTable audit = new AuditTable(target.historySchema(), settings.table());
        try (Connection connection = target.connection().open()) {
            // the versions are read under the lock: a build racing this one may have applied the migration since it was refused here
            writer.underLock(connection, applied -> {
                if (applied.stream().noneMatch(v -> HistoryTableWriter.compareVersions(v, migration.version()) == 0)) {
                    writer.insert(connection, migration);
                    for (String object : judgement.objects()) {
                        audit.record(connection, migration.version(), migration.script(), null, object, AuditTable.ADOPTED,
                                "identical to what the whole migration builds (replayed on " + judgement.shadow() + ")");
                    }
                    audit.record(connection, migration.version(), migration.script(), null, null, AuditTable.ADOPTED,
                            "adopted as a whole, none of its statements run: " + firstLine(refusal) + " the database holds the"
                                    + " migration's final result" + (judgement.dataStatements().isEmpty() ? ""
                                    : "; data statements not run: " + String.join(", ", judgement.dataStatements())));
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record " + migration.fileName() + " as adopted: " + e.getMessage(), e);
        }
    }
}
