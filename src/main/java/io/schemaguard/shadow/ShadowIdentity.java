package io.schemaguard.shadow;

import io.schemaguard.output.SchemaFailure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Whether a given shadow is the target itself, as the servers say — never by the URLs' text,
 * which can spell one database in many ways (localhost or 127.0.0.1, {@code ?port=}, parameters
 * in any order). The server is known by the {@code system_identifier} of its control data and the
 * time its postmaster started (clusters copied from one initdb'd template share the identifier); where
 * a user may not read it, by a token set as one session's {@code application_name} and looked up
 * in {@code pg_stat_activity} from the other connection, which sees every session of its own
 * server. The database is known by its oid on that server.
 */
final class ShadowIdentity {
    private ShadowIdentity() {
    }

    /** Fails, having changed nothing, when both connections reach one database. */
    static void requireDistinct(Connection target, Connection shadow, String shadowDescription) throws SQLException {
        String targetServer = systemIdentifier(target);
        String shadowServer = systemIdentifier(shadow);
        long shadowDatabase = databaseOid(shadow);
        boolean same;
        String proof;
        if (targetServer != null && shadowServer != null) {
            same = targetServer.equals(shadowServer) && databaseOid(target) == shadowDatabase;
            proof = "both connections reach the server with system identifier and start " + targetServer + " and the database with oid "
                    + shadowDatabase;
        } else {
            same = sameDatabaseByToken(target, shadow, shadowDatabase);
            proof = "a session opened on the target is seen by the shadow's connection, in the database it is connected to";
        }
        if (same) {
            throw new SchemaFailure("shadowUrl is the target database itself: " + proof + " (" + shadowDescription + ")."
                    + " The shadow's schemas are dropped before and after every use, so it must be a database kept for that alone."
                    + " Nothing was changed. Point shadowUrl at an empty database (e.g. createdb app_shadow), or leave it unset"
                    + " to use a temporary database.");
        }
    }

    private static String systemIdentifier(Connection connection) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT system_identifier::text || ' ' || extract(epoch FROM pg_postmaster_start_time())::text FROM pg_control_system()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException notAllowed) {
            // usually 42501 (not granted); a server or service without the function answers otherwise: the token decides then
            return null;
        }
    }

    private static long databaseOid(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT oid::bigint FROM pg_database WHERE datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // The token's own session must see it first: without that the lookup proves nothing, and the shadow is refused.
    private static boolean sameDatabaseByToken(Connection target, Connection shadow, long shadowDatabase) throws SQLException {
        String token = "schema-identity-" + UUID.randomUUID();
        try (Statement s = target.createStatement()) {
            s.execute("SET application_name = '" + token + "'");
        }
        try {
            if (!ownSessionShows(target, token)) {
                throw new SchemaFailure("Cannot tell whether shadowUrl is the target database: this server does not show a session's"
                        + " application_name in pg_stat_activity, and the user may not read pg_control_system(). Nothing was changed."
                        + " Grant EXECUTE ON FUNCTION pg_control_system() to the user, or leave shadowUrl unset.");
            }
            try (PreparedStatement query = shadow.prepareStatement(
                    "SELECT 1 FROM pg_stat_activity WHERE application_name = ? AND datid::bigint = ?")) {
                query.setString(1, token);
                query.setLong(2, shadowDatabase);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next();
                }
            }
        } finally {
            try (Statement s = target.createStatement()) {
                s.execute("RESET application_name");
            }
        }
    }

    private static boolean ownSessionShows(Connection connection, String token) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM pg_stat_activity WHERE application_name = ? AND pid = pg_backend_pid()")) {
            query.setString(1, token);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }
}
