package io.schemaguard.flyway;

import org.flywaydb.core.internal.sqlscript.SqlScript;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.QueryExecutor;
import org.postgresql.jdbc.PreferQueryMode;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Keeps the driver's prepared statements across the DDL of a migration's statements. pgjdbc forgets every
 * statement it prepared on a connection when a CREATE, ALTER or DROP completes ({@code flushCacheOnDdl});
 * under the session-level lock Flyway runs its history and lock queries on the migration's own connection,
 * so each migration made the server parse and plan them again. The flush is there for a prepared statement
 * whose result a DDL changes; it is skipped only where no statement but Flyway's and this plugin's is prepared
 * and the DDL cannot change theirs: every pending migration is SQL (a script's statements are never prepared
 * unless the URL asks for {@code preferQueryMode=extendedCacheEverything}), no Java callback is configured, and
 * no statement names the history table (Flyway's prepared queries read and write its rows). Not seen: a function
 * made by an applied migration that changes a history column's type, called by name; Flyway's next read of the
 * history then fails (SQLSTATE 0A000, cached plan must not change result type) and the migration is rolled back.
 */
final class PreparedStatementsAcrossDdl {
    private static final String TABLE_PLACEHOLDER = "flyway:table";
    private volatile boolean keep;

    /** Decided before the first migration runs, from all the pending scripts as Flyway parsed them. */
    void decide(boolean onlySqlAndNoJavaCallback, List<SqlScript> pending, String historyTable) {
        keep = onlySqlAndNoJavaCallback && !pending.isEmpty() && leaveAlone(pending, historyTable);
    }

    void forget() {
        keep = false;
    }

    // Case-insensitive, in any form (quoted, qualified, inside a function body, Flyway's placeholder): a mere mention keeps the flush.
    private static boolean leaveAlone(List<SqlScript> pending, String historyTable) {
        String history = historyTable.toLowerCase(Locale.ROOT);
        for (SqlScript script : pending) {
            try (SqlStatementIterator statements = script.getSqlStatements()) {
                while (statements.hasNext()) {
                    String sql = statements.next().getSql().toLowerCase(Locale.ROOT);
                    if (sql.contains(history) || sql.contains(TABLE_PLACEHOLDER)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** While the returned scope is open, the DDL run on {@code connection} leaves the driver's prepared statements alone. */
    Scope during(Connection connection) {
        if (!keep) {
            return () -> { };
        }
        QueryExecutor executor;
        boolean before;
        try {
            if (connection.unwrap(PGConnection.class).getPreferQueryMode() == PreferQueryMode.EXTENDED_CACHE_EVERYTHING) {
                return () -> { };
            }
            executor = connection.unwrap(BaseConnection.class).getQueryExecutor();
            before = executor.isFlushCacheOnDdl();
        } catch (SQLException | LinkageError notPgjdbc) {
            return () -> { }; // another driver, or a pgjdbc without the setting: it flushes as it always does
        }
        executor.setFlushCacheOnDdl(false);
        return () -> executor.setFlushCacheOnDdl(before);
    }

    /** Restores the driver's setting. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
