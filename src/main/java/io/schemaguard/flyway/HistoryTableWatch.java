package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Checks, on the migration's own connection after its last statement, that the migration left
 * Flyway's history table in place: one that dropped or renamed it would otherwise fail later in
 * Flyway's row insert, reported as a connection problem and without the migration's name.
 */
final class HistoryTableWatch {
    private final Supplier<String> schema;
    private final String table;
    // Armed for an upgrade only: a dry run may run where Flyway has not created the table.
    private volatile boolean armed;

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
        String migration = script.contains("__") ? script.substring(0, script.indexOf("__")) : script;
        boolean transactional = !connection.getAutoCommit();
        throw new SchemaFailure(script + " drops or renames the history table " + historySchema + "." + table
                + ", where Flyway records every migration: it is gone at the end of the migration, so " + migration
                + " cannot be recorded. " + (transactional ? "The migration was rolled back: nothing of " + migration + " was kept."
                : "Its statements ran outside a transaction and were kept; restore the history table before the next upgrade.")
                + " A migration must leave the history table alone: remove the statement that drops or renames it.");
    }
}
