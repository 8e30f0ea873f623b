package io.schemaguard.flyway;

import java.sql.SQLException;

/**
 * SQLSTATEs that say the session itself is gone (server shut down or restarted, session
 * terminated, network cut), not that a statement was wrong. PostgreSQL rolls back the open
 * transaction of a session it loses.
 */
public final class ConnectionLoss {
    private ConnectionLoss() {
    }

    public static boolean is(SQLException e) {
        String state = e == null ? null : e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }
}
