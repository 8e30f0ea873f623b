package io.schemaguard.shadow;

import io.schemaguard.flyway.DatabaseConnection;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.ConnectionSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database {@code sg_shadow_*} created on the target's server for one replay. Its owner is the
 * session that created it, kept open for the shadow's life, and named in a comment on the
 * database (pid and start of the backend). A build killed, or a server restarted, before the
 * drop leaves the database; a later run drops it once that session is gone from
 * {@code pg_stat_activity}. A database without the comment is never touched, nor one whose owner
 * still runs: a concurrent build's.
 */
final class TemporaryShadow {
    static final String NAME_PREFIX = "sg_shadow_";
    private static final String MARKER_PREFIX = "schema-maven-plugin temporary shadow; owner session ";
    private static final Pattern MARKER = Pattern.compile("^" + Pattern.quote(MARKER_PREFIX) + "(\\d+) started (\\S+)$");
    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");
    // UTC with microseconds: the same text whichever session's TimeZone reads it
    private static final String BACKEND_START = "to_char(backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

    private final Log log;

    TemporaryShadow(Log log) {
        this.log = log;
    }

    /** Creates the database; {@code owner} (a session on the target's server) is closed when the shadow is. */
    ShadowDatabase create(ConnectionSettings target, Connection owner) throws SQLException {
        Matcher url = DATABASE_IN_URL.matcher(target.url());
        if (!url.matches()) {
            throw new SchemaFailure("Cannot derive a shadow database URL from " + DatabaseAddress.of(target.url()) + "; set shadowUrl.");
        }
        String name = NAME_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String marker = MARKER_PREFIX + ownerSession(owner);
        try (Statement s = owner.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            try {
                s.execute("COMMENT ON DATABASE " + name + " IS '" + marker + "'");
            } catch (SQLException e) {
                s.execute("DROP DATABASE " + name);
                throw e;
            }
        }
        ConnectionSettings shadow = new ConnectionSettings(url.group(1) + name + url.group(3), target.user(), target.password());
        return new ShadowDatabase(shadow, "a temporary database " + name + " on the target's server (dropped afterwards)",
                () -> drop(target, owner, name));
    }

    /*
     * The replay's sessions are closed, but their backends may still be exiting: DROP DATABASE (and pg_terminate_backend's
     * wait) then check again only after 100 ms. Polling every 2 ms here, for at most a second, costs a few instead; a
     * failure leaves the DROP to terminate and wait for them, as without this.
     */
    private static void awaitSessionsGone(Statement statement, String name) {
        try {
            statement.execute("DO $$BEGIN FOR i IN 1..500 LOOP PERFORM pg_stat_clear_snapshot();"
                    + " EXIT WHEN NOT EXISTS (SELECT FROM pg_stat_activity WHERE datname = '" + name + "' AND pid <> pg_backend_pid());"
                    + " PERFORM pg_sleep(0.002); END LOOP; END$$");
        } catch (SQLException e) {
            // the DROP below terminates them itself
        }
    }

    /** Drops every {@code sg_shadow_*} database this user may drop whose marker names a session that is gone. */
    void removeLeftovers(Connection connection) throws SQLException {
        List<Leftover> candidates = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database"
                        + " WHERE datname LIKE 'sg\\_shadow\\_%' AND pg_has_role(datdba, 'MEMBER')")) {
            while (rs.next()) {
                Matcher marker = rs.getString(2) == null ? null : MARKER.matcher(rs.getString(2));
                if (marker != null && marker.matches()) {
                    candidates.add(new Leftover(rs.getString(1), Integer.parseInt(marker.group(1)), marker.group(2)));
                }
            }
        }
        for (Leftover leftover : candidates) {
            if (sessionRuns(connection, leftover.ownerPid(), leftover.ownerStart())) {
                continue;
            }
            try (Statement s = connection.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + GivenShadow.quote(leftover.name()) + " WITH (FORCE)");
                log.info("Removed " + leftover.name() + ", a temporary shadow database left by a build that ended before dropping it"
                        + " (its owner session, pid " + leftover.ownerPid() + ", is gone).");
            } catch (SQLException e) {
                log.warn("Cannot remove " + leftover.name() + ", a temporary shadow database left by an earlier build (SQLSTATE "
                        + e.getSQLState() + "): " + e.getMessage());
            }
        }
    }

    /** A marked {@code sg_shadow_*} database and the session its marker names. */
    private record Leftover(String name, int ownerPid, String ownerStart) {
    }

    private static String ownerSession(Connection owner) throws SQLException {
        try (Statement s = owner.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT pid, " + BACKEND_START + " FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
            if (!rs.next() || rs.getString(2) == null) {
                throw new SQLException("the session cannot read its own start in pg_stat_activity");
            }
            return rs.getInt(1) + " started " + rs.getString(2);
        }
    }

    // A start the reader may not see (another user's session, no pg_read_all_stats) counts as running: never guess it gone.
    private static boolean sessionRuns(Connection connection, int pid, String started) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?"
                + " AND (backend_start IS NULL OR " + BACKEND_START + " = ?)")) {
            query.setInt(1, pid);
            query.setString(2, started);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    // The owner may have lost its connection (a server restart): then a new one drops it, or the next run does.
    private static void drop(ConnectionSettings target, Connection owner, String name) throws SQLException {
        try (owner) {
            try (Statement s = owner.createStatement()) {
                awaitSessionsGone(s, name);
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                return;
            } catch (SQLException ownerLost) {
                if (owner.isValid(1)) {
                    throw ownerLost;
                }
            }
            try (Connection c = new DatabaseConnection(target).open(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }
}
