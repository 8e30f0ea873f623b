package io.schemaguard.engine;

import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.HistoryTableWriter;
import io.schemaguard.flyway.MigrationEntry;
import io.schemaguard.guard.AuditTable;
import io.schemaguard.settings.MigrationSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes to the history and audit tables as one transaction under Flyway's lock, so that a build racing this one
 * sees all of it or nothing: stamp, baseline, adoption and clean write through it.
 */
final class LockedHistory {
    private final HistoryTableWriter writer;
    private final AuditTable audit;

    LockedHistory(FlywayMigrations target, MigrationSettings settings) {
        this.writer = new HistoryTableWriter(target.historySchema(), settings.table());
        this.audit = new AuditTable(target.historySchema(), settings.table());
    }

    HistoryTableWriter writer() {
        return writer;
    }

    AuditTable audit() {
        return audit;
    }

    /** Work in one transaction under the lock. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} under the lock in one transaction: committed when it returns, rolled back when it throws or for a dry run. */
    <T> T inTransaction(Connection connection, boolean dryRun, Work<T> work) throws SQLException {
        writer.lock(connection);
        try {
            connection.setAutoCommit(false);
            T result = work.run(connection);
            if (dryRun) {
                connection.rollback();
            } else {
                connection.commit();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
            writer.unlock(connection);
        }
    }

    /**
     * A successful history row and an audit row ({@code decision}, {@code detail}) for each of {@code migrations} whose
     * version has no successful row yet, as read under the lock (a racing upgrade may have recorded some since the
     * comparison): the history rows in one round trip, the audit rows in another. Returns the migrations written.
     */
    List<MigrationEntry> recordMigrations(FlywayMigrations target, List<MigrationEntry> migrations, String decision,
                                          Function<MigrationEntry, String> detail) throws SQLException {
        try (Connection connection = target.connection().open()) {
            List<MigrationEntry> written = new ArrayList<>();
            writer.underLock(connection, applied -> {
                for (MigrationEntry migration : migrations) {
                    if (applied.stream().noneMatch(v -> HistoryTableWriter.compareVersions(v, migration.version()) == 0)) {
                        written.add(migration);
                    }
                }
                writer.insertAll(connection, written);
                audit.recordAll(connection, written.stream().map(m -> new AuditTable.Row(m.version(), m.script(), null, null, decision,
                        detail.apply(m))).toList());
            });
            return written;
        }
    }
}
