package io.schemaguard.flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A history table this run created (identified by its oid), so that a run that ends without
 * recording anything can remove it again: a refusal changes nothing, and plain Flyway's
 * {@code baselineOnMigrate} only baselines a schema without a history table.
 */
public final class CreatedHistoryTable {
    private final DatabaseConnection connection;
    private final HistoryTable history;
    private final long oid;

    CreatedHistoryTable(DatabaseConnection connection, HistoryTable history, long oid) {
        this.connection = connection;
        this.history = history;
        this.oid = oid;
    }

    /**
     * Drops the table if it is still the one this run created and holds no row, while no migration
     * runs (Flyway's lock, without waiting) and no other build creates or fills it (the creation lock,
     * and the table's own lock). Returns whether it was dropped. The audit table is never touched:
     * it is written only in a migration's transaction, together with a history row.
     */
    public boolean removeIfEmpty() {
        try (Connection c = connection.open()) {
            FlywayMigrations.lockCreation(c, history.qualifiedName());
            if (!history.tryLock(c)) {
                return false; // a migration of another build is under way: the table is in use
            }
            c.setAutoCommit(false);
            try (PreparedStatement same = c.prepareStatement("SELECT to_regclass(?)::oid = ?")) {
                same.setString(1, history.qualifiedName());
                same.setLong(2, oid);
                try (ResultSet rs = same.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        c.rollback();
                        return false;
                    }
                }
            }
            try (Statement statement = c.createStatement()) {
                // waits for any transaction still writing to it, and keeps new ones out until the drop commits
                statement.execute("LOCK TABLE " + history.qualifiedName() + " IN ACCESS EXCLUSIVE MODE");
                try (ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + history.qualifiedName() + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        c.rollback();
                        return false;
                    }
                }
                statement.execute("DROP TABLE " + history.qualifiedName());
            }
            c.commit();
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot remove the empty history table " + history.qualifiedName() + " this run created: "
                    + e.getMessage(), e);
        }
    }
}
