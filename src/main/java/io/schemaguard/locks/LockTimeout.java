package io.schemaguard.locks;

import java.sql.SQLException;

/** Whether a failure is a statement that gave up waiting for a lock: SQLSTATE 55P03 (lock_not_available). */
public final class LockTimeout {
    public static final String SQLSTATE = "55P03";

    private LockTimeout() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && SQLSTATE.equals(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }
}
