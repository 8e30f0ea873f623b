package io.schemaguard.shadow;

import io.schemaguard.flyway.DatabaseConnection;
import io.schemaguard.output.Log;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.ShadowSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Chooses where the expected schema is built, so that no privilege on the target is ever needed:
 * the given shadow URL (see {@link GivenShadow}); else a temporary database on the target's server
 * when its user may create one ({@link TemporaryShadow}); else an embedded PostgreSQL of the
 * target's major version ({@link EmbeddedShadow}). Before making a new one, it removes what killed
 * builds left of theirs.
 */
public final class ShadowDatabases {
    private final PostgresBinaries binaries;
    private final GivenShadow given;
    private final TemporaryShadow temporary;
    private final EmbeddedShadow embedded;

    public ShadowDatabases(PostgresBinaries binaries, Log log) {
        this(binaries, log, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** With embedded shadows made (and leftovers looked for) under {@code temporaryDirectory}. */
    public ShadowDatabases(PostgresBinaries binaries, Log log, Path temporaryDirectory) {
        this.binaries = binaries;
        this.given = new GivenShadow(log);
        this.temporary = new TemporaryShadow(log);
        this.embedded = new EmbeddedShadow(log, temporaryDirectory);
    }

    public ShadowDatabase open(ConnectionSettings target, ShadowSettings shadow, List<String> schemas) {
        if (shadow.url() != null) {
            return given.open(target, shadow.url(), schemas);
        }
        Connection owner = new DatabaseConnection(target).open();
        try {
            if (mayCreateDatabases(owner)) {
                temporary.removeLeftovers(owner);
                return temporary.create(target, owner);
            }
            String major = majorVersion(owner);
            owner.close();
            embedded.removeLeftovers();
            return embedded.start(major, binaries.forMajor(major));
        } catch (SQLException e) {
            closeQuietly(owner);
            throw new IllegalStateException("Cannot prepare a shadow database: " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(owner);
            throw new IllegalStateException("Cannot start an embedded PostgreSQL for the shadow: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(owner);
            throw e;
        }
    }

    private static boolean mayCreateDatabases(Connection connection) throws SQLException {
        return single(connection, "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user").equals("t");
    }

    private static String majorVersion(Connection connection) throws SQLException {
        return String.valueOf(Integer.parseInt(single(connection, "SHOW server_version_num")) / 10000);
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the failure being reported matters more
        }
    }
}
