package io.schemaguard.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * An open transaction of the test that holds a lock (a locked table, an uncommitted row…), so a
 * migration that needs it stops right there: the test knows exactly where the migration is when
 * it kills it or cuts its connection.
 */
public final class Gate implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final TestDatabase db;
    private final Connection holder;
    private final int holderPid;

    private Gate(TestDatabase db, Connection holder, int holderPid) {
        this.db = db;
        this.holder = holder;
        this.holderPid = holderPid;
    }

    /** Runs {@code sql} (e.g. {@code LOCK TABLE gate IN ACCESS EXCLUSIVE MODE}) in a transaction kept open until {@link #open()}. */
    public static Gate hold(TestDatabase db, String sql) throws SQLException {
        Connection holder = db.connect();
        holder.setAutoCommit(false);
        try (Statement statement = holder.createStatement()) {
            statement.execute(sql);
            try (ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                return new Gate(db, holder, rs.getInt(1));
            }
        }
    }

    /**
     * Waits until another session is blocked by this gate and returns that backend's pid. Fails
     * (rather than hang) when nobody comes: the migration did not get where the test expected.
     */
    public int awaitBlockedBackend() throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = db.connect(); PreparedStatement query = c.prepareStatement(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND ? = ANY (pg_blocking_pids(pid))")) {
                query.setInt(1, holderPid);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no session came to wait on the gate within " + PATIENCE.toSeconds() + " s");
    }

    /** Commits the holder's transaction: the waiting session goes on. */
    public void open() throws SQLException {
        if (!holder.isClosed()) {
            holder.commit();
            holder.close();
        }
    }

    /** Rolls the holder's transaction back (for gates that wrote something the test does not want kept). */
    public void openRollingBack() throws SQLException {
        if (!holder.isClosed()) {
            holder.rollback();
            holder.close();
        }
    }

    @Override
    public void close() throws SQLException {
        openRollingBack();
    }
}
