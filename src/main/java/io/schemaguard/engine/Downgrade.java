package io.schemaguard.engine;

import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.HistoryTable;
import io.schemaguard.flyway.UndoScript;
import io.schemaguard.guard.AuditTable;
import io.schemaguard.guard.GuardJournal;
import io.schemaguard.guard.GuardedUndoExecutor;
import io.schemaguard.locks.LockTimeout;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.DowngradeTarget;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.MigrationSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The downgrade (SPEC §7): undo scripts run newest first, each in one transaction with the removal
 * of its migration's history row, under Flyway's lock so that no upgrade runs meanwhile. A step
 * that fails is rolled back; the steps before it stay done.
 */
final class Downgrade {
    private final Log log;
    private final MigrationSettings settings;
    private final FlywayMigrations flyway;

    Downgrade(MigrationSettings settings, Log log) {
        this.log = log;
        this.settings = settings;
        this.flyway = new FlywayMigrations(settings, log);
    }

    DowngradeReport run(DowngradeTarget target) {
        try (flyway) {
            // a dry run is one transaction over every step: after a lock timeout it runs again from the start
            return settings.dryRun() ? flyway.lockRetry().run(() -> downgrade(target), () -> true) : downgrade(target);
        }
    }

    private DowngradeReport downgrade(DowngradeTarget target) {
        flyway.checkInputs();
        HistoryTable history = flyway.historyTable();
        try (Connection connection = flyway.openForMigrations(); HistoryTable.Lock ignored = history.lock(connection, log)) {
            // Planned under the lock: the history read here is the one the steps change.
            DowngradePlan plan = DowngradePlan.of(flyway.entries(), flyway.undoScripts(), target, String.join(", ", settings.locations()));
            plan.steps().forEach(step -> parse(step.undo()));
            plan.steps().forEach(step -> flyway.refuseTransactionControl(step.undo()));
            AuditTable audit = new AuditTable(flyway.historySchema(), settings.table());
            connection.setAutoCommit(false);
            List<UndoOutcome> done = new ArrayList<>();
            try {
                for (DowngradeStep step : plan.steps()) {
                    done.add(undo(connection, history, audit, step, plan, done));
                }
            } finally {
                if (settings.dryRun()) {
                    connection.rollback();
                }
            }
            return new DowngradeReport(plan.versionBefore(), plan.versionAfter(done.size()), done, settings.dryRun());
        } catch (SQLException e) {
            throw new IllegalStateException("Downgrade: " + e.getMessage(), e);
        }
    }

    private void parse(UndoScript undo) {
        try {
            flyway.parseUndo(undo);
        } catch (SchemaFailure e) {
            throw new SchemaFailure(undo.fileName() + " cannot be read: " + e.getMessage() + "\nNothing was changed.", e);
        }
    }

    private UndoOutcome undo(Connection connection, HistoryTable history, AuditTable audit, DowngradeStep step, DowngradePlan plan,
                             List<UndoOutcome> done) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            flyway.lockWatch().forget();
            try {
                return undoOnce(connection, history, audit, step);
            } catch (SchemaFailure e) {
                connection.rollback();
                boolean lockTimeout = LockTimeout.is(e) && !settings.dryRun();
                if (lockTimeout && flyway.lockRetry().pausedForRetry(attempt)) {
                    continue;
                }
                DowngradeReport completed = new DowngradeReport(plan.versionBefore(), plan.versionAfter(done.size()),
                        settings.dryRun() ? List.of() : done, settings.dryRun());
                throw new DowngradeFailure(e.getMessage() + (lockTimeout ? "\n" + flyway.lockRetry().explain(attempt) : "") + "\n"
                        + aftermath(step, plan, done), completed, step, plan.steps().size(), e);
            }
        }
    }

    private UndoOutcome undoOnce(Connection connection, HistoryTable history, AuditTable audit, DowngradeStep step) throws SQLException {
        GuardJournal journal = new GuardJournal();
        long start = System.nanoTime();
        flyway.runUndo(connection, step.undo(), new GuardedUndoExecutor(audit, journal, log, settings.guard() == GuardMode.VERIFY));
        history.removeRow(connection, step.migration().installedRank());
        GuardJournal.ScriptRecord record = journal.of(step.undo().fileName());
        audit.record(connection, step.migration().version(), step.migration().script(), null, null, AuditTable.UNDONE,
                "by " + step.undo().fileName() + ": " + record.executed() + " statement(s) run, " + record.skipped().size()
                        + " skipped (already gone)");
        if (!settings.dryRun()) {
            connection.commit();
        }
        return new UndoOutcome(step.migration().version(), step.migrationFile(), step.undo().fileName(),
                (System.nanoTime() - start) / 1_000_000, record.skipped());
    }

    private String aftermath(DowngradeStep step, DowngradePlan plan, List<UndoOutcome> done) {
        String retry = "Fix " + step.undo().fileName() + " (or the database) and run the downgrade again: mvn schema:downgrade -Dschema.target="
                + (plan.versionAfter(plan.steps().size()) == null ? "0" : plan.versionAfter(plan.steps().size()));
        if (settings.dryRun()) {
            return "Dry run: " + step.migrationFile() + " could not be undone" + (done.isEmpty() ? "" : " after " + undone(done))
                    + "; everything was rolled back, nothing was changed.\n" + retry;
        }
        String state = done.isEmpty()
                ? "Nothing was undone before it; the database is still at " + DowngradePlan.describe(plan.versionBefore()) + "."
                : "Undone before it: " + undone(done) + "; the database is now at " + DowngradePlan.describe(plan.versionAfter(done.size())) + ".";
        return step.migrationFile() + " was not undone: its undo script was rolled back and its history row kept.\n" + state + "\n" + retry;
    }

    private static String undone(List<UndoOutcome> done) {
        return done.stream().map(o -> o.script() + " (by " + o.undoScript() + ")").collect(Collectors.joining(", "));
    }
}
