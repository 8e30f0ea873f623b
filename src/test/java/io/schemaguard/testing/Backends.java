package io.schemaguard.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/** Server sessions seen from the test: whether one still runs, ending one as an administrator would. */
public final class Backends {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private Backends() {
    }

    /** {@code pg_terminate_backend}: the server ends the session and rolls back its open transaction. */
    public static void terminate(TestDatabase db, int pid) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement terminate = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            terminate.setInt(1, pid);
            terminate.execute();
        }
    }

    /** Waits until the session {@code pid} is gone, so whatever it left open has been rolled back. */
    public static void awaitGone(TestDatabase db, int pid) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = db.connect(); PreparedStatement query = c.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
                query.setInt(1, pid);
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("session " + pid + " still runs after " + PATIENCE.toSeconds() + " s");
    }
}
