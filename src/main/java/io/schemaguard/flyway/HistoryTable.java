package io.schemaguard.flyway;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Flyway's history table: its rows, and the advisory lock Flyway takes before it migrates. */
public final class HistoryTable {
    // Flyway's PostgreSQLAdvisoryLockTemplate: "Flyway" in ASCII plus the hash of the table as Flyway prints it ("schema"."table").
    private static final long FLYWAY_LOCK_BASE = 0x466C79776179L;
    private static final int LOCK_ATTEMPTS = 50;

    private final String schema;
    private final String table;

    HistoryTable(String schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    /** The table as Flyway prints it, and hashes it for its lock. */
    public String qualifiedName() {
        return FlywayMigrations.quote(schema) + "." + FlywayMigrations.quote(table);
    }

    long lockKey() {
        return FLYWAY_LOCK_BASE + qualifiedName().hashCode();
    }

    /**
     * Takes Flyway's lock on this session, so that no upgrade (ours or plain Flyway's, which takes
     * the same key) runs meanwhile. Retried every second, 50 times, as Flyway retries by default.
     */
    public Lock lock(Connection connection, Log log) {
        try {
            for (int attempt = 1; !tryLock(connection); attempt++) {
                if (attempt == 1) {
                    log.info("Waiting for another migration of " + qualifiedName() + " to finish (it holds Flyway's lock).");
                }
                if (attempt == LOCK_ATTEMPTS) {
                    throw new SchemaFailure("Another migration of this database held Flyway's lock on " + qualifiedName() + " for "
                            + LOCK_ATTEMPTS + " seconds. Nothing was changed; run the downgrade again once it has finished.");
                }
                Thread.sleep(1000);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the lock of " + qualifiedName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the lock of " + qualifiedName(), e);
        }
        return new Lock(connection);
    }

    boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, lockKey());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Deletes the row of one applied migration, in the caller's transaction. */
    public void removeRow(Connection connection, int installedRank) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + qualifiedName() + " WHERE installed_rank = ?")) {
            delete.setInt(1, installedRank);
            if (delete.executeUpdate() != 1) {
                throw new SchemaFailure("The history row of rank " + installedRank + " in " + qualifiedName()
                        + " is gone: something else changed the history meanwhile. Run the downgrade again.");
            }
        }
    }

    /** Flyway's lock, held by one session until closed (or until the session ends). */
    public final class Lock implements AutoCloseable {
        private final Connection connection;

        private Lock(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, lockKey());
                unlock.execute();
            } catch (SQLException e) {
                // the session ends with the connection, and the lock with it
            }
        }
    }
}
