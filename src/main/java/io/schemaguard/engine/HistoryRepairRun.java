package io.schemaguard.engine;

import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.HistoryRepair;
import io.schemaguard.flyway.HistoryTableWriter;
import io.schemaguard.guard.AuditTable;
import io.schemaguard.output.Log;
import io.schemaguard.settings.MigrationSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Flyway's repair of the history (see {@code RepairPlanner} for its rules), made under Flyway's lock in one transaction,
 * each change with its audit row; a dry run only reads what it would change.
 */
final class HistoryRepairRun {
    private final Log log;

    HistoryRepairRun(Log log) {
        this.log = log;
    }

    RepairReport run(MigrationSettings settings, boolean dryRun) {
        try (FlywayMigrations target = new FlywayMigrations(settings, log)) {
            target.checkInputs();
            if (!target.historyTableExists()) {
                return new RepairReport(null, List.of(), dryRun);
            }
            String table = target.historyTable().qualifiedName();
            if (dryRun) {
                return new RepairReport(table, target.repairPlan(), true);
            }
            HistoryTableWriter writer = new HistoryTableWriter(target.historySchema(), settings.table());
            AuditTable audit = new AuditTable(target.historySchema(), settings.table());
            String installedBy = settings.flyway().get("installedBy");
            List<HistoryRepair> done = new ArrayList<>();
            try (Connection connection = target.connection().open()) {
                // the plan is read once the lock is held: an upgrade running meanwhile is finished by then
                writer.underLock(connection, applied -> {
                    for (HistoryRepair change : target.repairPlan()) {
                        writer.repair(connection, change, installedBy);
                        audit.record(connection, change.version(), change.script(), null, null, AuditTable.REPAIRED,
                                change.kind().label() + ": " + change.change());
                        done.add(change);
                    }
                });
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot repair the history " + table + ": " + e.getMessage(), e);
            }
            return new RepairReport(table, done, false);
        }
    }
}
