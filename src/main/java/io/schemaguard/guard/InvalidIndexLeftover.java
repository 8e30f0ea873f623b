package io.schemaguard.guard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * An interrupted {@code CREATE INDEX CONCURRENTLY} leaves its index behind, INVALID: never used by
 * queries, never maintained as a valid one, and in the way of the statement that should build it.
 * Such a leftover on the statement's own table is dropped so the statement can run again.
 */
final class InvalidIndexLeftover {
    private InvalidIndexLeftover() {
    }

    /** Drops the invalid index the statement collided with, if that is what it collided with; returns its name, else null. */
    static String drop(Connection connection, String sql, boolean outsideTransaction) throws SQLException {
        List<ObjectTarget> targets = StatementTarget.of(sql);
        if (targets.size() != 1 || targets.get(0).kind() != ObjectTarget.Kind.INDEX) {
            return null;
        }
        String leftover = of(connection, targets.get(0));
        if (leftover != null) {
            try (Statement drop = connection.createStatement()) {
                drop.execute("DROP INDEX " + (outsideTransaction ? "CONCURRENTLY " : "") + leftover);
            }
        }
        return leftover;
    }

    /** The name of the invalid index an index target names on its own table, or null when there is none. */
    static String of(Connection connection, ObjectTarget index) throws SQLException {
        if (index.kind() != ObjectTarget.Kind.INDEX) {
            return null;
        }
        String prefix = index.schema() == null ? "" : IncumbentMover.q(index.schema()) + ".";
        try (PreparedStatement query = connection.prepareStatement("SELECT i.indexrelid::regclass::text FROM pg_index i"
                + " WHERE i.indexrelid = to_regclass(?) AND i.indrelid = to_regclass(?) AND NOT i.indisvalid")) {
            query.setString(1, prefix + IncumbentMover.q(index.name()));
            query.setString(2, prefix + IncumbentMover.q(index.table()));
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
