package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;
import org.flywaydb.core.api.MigrationVersion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes Flyway's history table directly, for stamp: ordinary successful SQL rows with the real
 * checksum (so plain Flyway accepts the database afterwards), and removal of rows above a
 * version. Everything runs under Flyway's own advisory lock for that table, so it serializes
 * with a concurrent upgrade.
 */
public final class HistoryTableWriter {
    // Flyway's lock key for PostgreSQL: this constant plus the hash of the table's quoted qualified name.
    private static final long FLYWAY_LOCK_BASE = 0x466C79776179L;

    private final String schema;
    private final String table;

    public HistoryTableWriter(String schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    private String qualified() {
        return FlywayMigrations.quote(schema) + "." + FlywayMigrations.quote(table);
    }

    /** Takes Flyway's lock for this history table (session level; released by {@link #unlock}). */
    public void lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, FLYWAY_LOCK_BASE + qualified().hashCode());
            lock.execute();
        }
    }

    public void unlock(Connection connection) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, FLYWAY_LOCK_BASE + qualified().hashCode());
            unlock.execute();
        }
    }

    /** Work on the history in one transaction, given the versions with a successful row as read under the lock. */
    @FunctionalInterface
    public interface LockedWork {
        void run(List<String> appliedVersions) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction under Flyway's lock, the applied versions read once the lock is held
     * (a build racing this one may have recorded some since): committed when it returns, rolled back when it throws.
     */
    public void underLock(Connection connection, LockedWork work) throws SQLException {
        lock(connection);
        try {
            connection.setAutoCommit(false);
            work.run(appliedVersions(connection));
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
            unlock(connection);
        }
    }

    /** The versions with a successful row, read under the lock. */
    public List<String> appliedVersions(Connection connection) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM " + qualified() + " WHERE version IS NOT NULL AND success")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    /** Appends a successful row for a migration that was verified (or forced) instead of run. */
    public void insert(Connection connection, MigrationEntry migration) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(insertSql())) {
            bind(insert, migration);
            insert.executeUpdate();
        }
    }

    private String insertSql() {
        return "INSERT INTO " + qualified()
                + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                + " SELECT coalesce(max(installed_rank), 0) + 1, ?, ?, ?, ?, ?, current_user, 0, true FROM " + qualified();
    }

    private static void bind(PreparedStatement insert, MigrationEntry migration) throws SQLException {
        insert.setString(1, migration.version());
        insert.setString(2, migration.description());
        insert.setString(3, migration.type());
        insert.setString(4, migration.script());
        if (migration.checksum() == null) {
            insert.setNull(5, java.sql.Types.INTEGER);
        } else {
            insert.setInt(5, migration.checksum());
        }
    }

    /** As {@link #insert}, for each of {@code migrations} in order, sent together: one round trip, not one per row. */
    public void insertAll(Connection connection, List<MigrationEntry> migrations) throws SQLException {
        if (migrations.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(insertSql())) {
            for (MigrationEntry migration : migrations) {
                bind(insert, migration);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (java.sql.BatchUpdateException e) {
            // the server's own error, with its SQLSTATE, rather than the driver's wrapper around it
            throw e.getNextException() != null ? e.getNextException() : e;
        }
    }

    /** One row of the history table, as stored. */
    public record Row(int installedRank, String version, String description, String type, String script, boolean success) {
    }

    /** Every row, in installed order; empty when the table does not exist. */
    public List<Row> rows(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, qualified());
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return rows;
                }
            }
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT installed_rank, version, description, type, script, success FROM " + qualified() + " ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6)));
            }
        }
        return rows;
    }

    /** The schemas Flyway created, as its schema-creation row lists them (those its clean drops). */
    public List<String> schemasCreatedByFlyway(Connection connection) throws SQLException {
        return rows(connection).stream().filter(r -> "SCHEMA".equals(r.type()))
                .flatMap(r -> java.util.Arrays.stream(r.script().split(",")))
                .map(String::strip).map(name -> name.startsWith("\"") && name.endsWith("\"") && name.length() > 1
                        ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name)
                .toList();
    }

    /** Appends Flyway's baseline row: version, description (also its script), no checksum. */
    public void insertBaseline(Connection connection, String version, String description, String installedBy) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + qualified()
                + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                + " SELECT coalesce(max(installed_rank), 0) + 1, ?, ?, 'BASELINE', ?, NULL, coalesce(?, current_user), 0, true FROM "
                + qualified())) {
            insert.setString(1, version);
            insert.setString(2, description);
            insert.setString(3, description);
            insert.setString(4, installedBy);
            insert.executeUpdate();
        }
    }

    /** Makes one of repair's changes in the caller's transaction. */
    public void repair(Connection connection, HistoryRepair change, String installedBy) throws SQLException {
        change.apply(connection, qualified(), installedBy);
    }

    /** A history row removed by a stamp to a lower version. */
    public record RemovedRow(String version, String script) {
    }

    /** Removes the versioned rows above {@code version}, newest first, and returns them in that order. */
    public List<RemovedRow> deleteAbove(Connection connection, String version) throws SQLException {
        MigrationVersion limit = version(version);
        List<String[]> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT installed_rank, version, script FROM " + qualified() + " WHERE version IS NOT NULL")) {
            while (rs.next()) {
                if (MigrationVersion.fromVersion(rs.getString(2)).compareTo(limit) > 0) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        rows.sort(Comparator.comparing((String[] r) -> MigrationVersion.fromVersion(r[1])).reversed());
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + qualified() + " WHERE installed_rank = ?")) {
            for (String[] row : rows) {
                delete.setInt(1, Integer.parseInt(row[0]));
                delete.executeUpdate();
            }
        }
        return rows.stream().map(r -> new RemovedRow(r[1], r[2])).toList();
    }

    /** Orders versions as Flyway does (1.10 after 1.9); a malformed version is the user's input error. */
    public static int compareVersions(String a, String b) {
        return version(a).compareTo(version(b));
    }

    private static MigrationVersion version(String text) {
        try {
            return MigrationVersion.fromVersion(text);
        } catch (RuntimeException e) {
            throw new SchemaFailure("'" + text + "' is not a migration version (expected digits separated by dots or underscores, e.g. 51 or 2.1).");
        }
    }
}
