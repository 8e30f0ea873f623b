package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Names the migration that dropped or renamed Flyway's history table: one that did would otherwise
 * fail later in Flyway's row insert, reported as a problem of the history table and without the
 * migration's name. A migration outside a transaction is checked after its last statement; a
 * transactional one costs no query: the insert in its transaction fails, and is explained here.
 */
final class HistoryTableWatch {
    private final Supplier<String> schema;
    private final String table;
    // Armed for an upgrade only: a dry run may run where Flyway has not created the table.
    private volatile boolean armed;
    // A transactional migration is not looked at: Flyway's row insert, in its transaction, finds the table gone instead.
    private volatile String unchecked;

    HistoryTableWatch(Supplier<String> schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    void arm() {
        armed = true;
    }

    void checkAfter(Connection connection, String script) throws SQLException {
        if (!armed) {
            return;
        }
        if (!connection.getAutoCommit()) {
            unchecked = script;
            return;
        }
        unchecked = null;
        String historySchema = schema.get();
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(format('%I.%I', ?::text, ?::text)) IS NOT NULL")) {
            statement.setString(1, historySchema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
        }
        throw gone(historySchema, script, false);
    }

    /**
     * The failure to report when Flyway's own SQL on the history table found no such table (SQLSTATE
     * 42P01) after a transactional migration: that migration dropped or renamed it, and was rolled back.
     * Null for any other failure.
     */
    SchemaFailure goneAfter(SQLException flywaysOwn) {
        String script = unchecked;
        if (!armed || script == null || flywaysOwn == null || !"42P01".equals(flywaysOwn.getSQLState())) {
            return null;
        }
        return gone(schema.get(), script, true);
    }

    private SchemaFailure gone(String historySchema, String script, boolean transactional) {
        String migration = script.contains("__") ? script.substring(0, script.indexOf("__")) : script;
        return new SchemaFailure(script + " drops or renames the history table " + historySchema + "." + table
                + ", where Flyway records every migration: it is gone at the end of the migration, so " + migration
                + " cannot be recorded. " + (transactional ? "The migration was rolled back: nothing of " + migration + " was kept."
                : "Its statements ran outside a transaction and were kept; restore the history table before the next upgrade.")
                + " A migration must leave the history table alone: remove the statement that drops or renames it.");
    }
}
