package io.schemaguard.guard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The table beside Flyway's history that says which statements were not executed and why
 * (skipped as identical, stamped, forced, undone). Written on the migration's own connection,
 * so a migration that is rolled back leaves no audit row either.
 */
public final class AuditTable {
    public static final String ADOPTED = "adopted";
    public static final String COMPLETED = "completed";
    public static final String SKIPPED = "skipped";
    /** The parts of a statement built beside what it collided with (a statement-level row; the migration is completed). */
    public static final String BUILT = "built";
    public static final String STAMPED = "stamped";
    public static final String FORCED = "forced";
    /** The migration's row was removed (stamp to a lower version): earlier decisions no longer describe it. */
    public static final String UNSTAMPED = "unstamped";
    /** The migration was undone (downgrade): earlier decisions no longer describe it. */
    public static final String UNDONE = "undone";
    /** A baseline row recorded after verification (a forced one is {@link #FORCED}). */
    public static final String BASELINED = "baselined";
    /** A history row changed by repair (removed failed row, marked deleted, realigned with its file). */
    public static final String REPAIRED = "repaired";
    /** The managed schemas were cleaned: every earlier decision describes objects that are gone. */
    public static final String CLEANED = "cleaned";
    private static final java.util.Set<String> STATES = java.util.Set.of(ADOPTED, COMPLETED, STAMPED, FORCED);

    private final String schema;
    private final String table;
    // One upgrade stops at its first failed migration, so a creation rolled back with it is never relied on again.
    private boolean created;

    public AuditTable(String schema, String historyTable) {
        this.schema = schema;
        this.table = historyTable + "_audit";
    }

    public String name() {
        return table;
    }

    public String qualifiedName() {
        return quote(schema) + "." + quote(table);
    }

    public void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + qualifiedName() + " ("
                    + "id bigserial PRIMARY KEY, "
                    + "version varchar(50), "
                    + "script varchar(1000) NOT NULL, "
                    + "statement_number integer, "
                    + "object text, "
                    + "decision varchar(20) NOT NULL, "
                    + "detail text, "
                    + "recorded_on timestamp NOT NULL DEFAULT now(), "
                    + "recorded_by varchar(100) NOT NULL DEFAULT current_user)");
        }
    }

    public void record(Connection connection, String version, String script, Integer statementNumber, String object,
                       String decision, String detail) throws SQLException {
        if (!created) {
            create(connection);
            created = true;
        }
        try (PreparedStatement insert = connection.prepareStatement(insertSql())) {
            bind(insert, new Row(version, script, statementNumber, object, decision, detail));
            insert.executeUpdate();
        }
    }

    private String insertSql() {
        return "INSERT INTO " + qualifiedName() + " (version, script, statement_number, object, decision, detail) VALUES (?, ?, ?, ?, ?, ?)";
    }

    private static void bind(PreparedStatement insert, Row row) throws SQLException {
        insert.setString(1, row.version());
        insert.setString(2, row.script());
        if (row.statementNumber() == null) {
            insert.setNull(3, java.sql.Types.INTEGER);
        } else {
            insert.setInt(3, row.statementNumber());
        }
        insert.setString(4, row.object());
        insert.setString(5, row.decision());
        insert.setString(6, row.detail());
    }

    /** One audit row, for {@link #recordAll}. */
    public record Row(String version, String script, Integer statementNumber, String object, String decision, String detail) {
    }

    /** As {@link #record}, for each row in order, sent together: one round trip, not one per row. */
    public void recordAll(Connection connection, java.util.List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (!created) {
            create(connection);
            created = true;
        }
        try (PreparedStatement insert = connection.prepareStatement(insertSql())) {
            for (Row row : rows) {
                bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (java.sql.BatchUpdateException e) {
            // the server's own error, with its SQLSTATE, rather than the driver's wrapper around it
            throw e.getNextException() != null ? e.getNextException() : e;
        }
    }

    /**
     * The newest migration-level decision (adopted, completed, stamped, forced) per script, unless
     * a later row unstamped or undid the migration, or a clean came after it; empty without the table.
     * A repair's rows change no decision: the migration ran (or was adopted) as before.
     */
    public java.util.Map<String, String> decisionsByScript(Connection connection) throws SQLException {
        java.util.Map<String, String> decisions = new java.util.HashMap<>();
        try (Statement statement = connection.createStatement();
             java.sql.ResultSet exists = statement.executeQuery("SELECT to_regclass('" + qualifiedName().replace("'", "''") + "') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return decisions;
            }
        }
        try (Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT script, decision FROM " + qualifiedName()
                     + " WHERE statement_number IS NULL ORDER BY id")) {
            while (rs.next()) {
                String decision = rs.getString(2);
                if (STATES.contains(decision)) {
                    decisions.put(rs.getString(1), decision);
                } else if (CLEANED.equals(decision)) {
                    decisions.clear();
                } else if (UNSTAMPED.equals(decision) || UNDONE.equals(decision)) {
                    decisions.remove(rs.getString(1));
                }
            }
        }
        return decisions;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
