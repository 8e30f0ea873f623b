package io.schemaguard.shadow;

import io.schemaguard.flyway.DatabaseConnection;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.ShadowSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses where the expected schema is built, so that no privilege on the target is ever needed:
 * the given shadow URL; else a temporary database on the target's server when its user may create
 * one; else an embedded PostgreSQL of the target's major version.
 */
public final class ShadowDatabases {
    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");

    private final PostgresBinaries binaries;

    public ShadowDatabases(PostgresBinaries binaries) {
        this.binaries = binaries;
    }

    public ShadowDatabase open(ConnectionSettings target, ShadowSettings shadow, List<String> schemas) {
        if (shadow.url() != null) {
            return given(target, shadow.url(), schemas);
        }
        try (Connection connection = new DatabaseConnection(target).open()) {
            if (mayCreateDatabases(connection)) {
                return temporaryDatabase(target, connection);
            }
            return embedded(majorVersion(connection));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare a shadow database: " + e.getMessage(), e);
        }
    }

    private ShadowDatabase given(ConnectionSettings target, String url, List<String> schemas) {
        if (url.equals(target.url())) {
            throw new SchemaFailure("shadowUrl is the target database itself. The shadow is wiped before and after every use:"
                    + " point shadowUrl at a database kept for this purpose, or leave it unset.");
        }
        ConnectionSettings connection = new ConnectionSettings(url, target.user(), target.password());
        wipe(connection, schemas);
        return new ShadowDatabase(connection, "the shadow database " + url, () -> wipe(connection, schemas));
    }

    private static void wipe(ConnectionSettings connection, List<String> schemas) {
        try (Connection c = new DatabaseConnection(connection).open(); Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
            }
            s.execute("CREATE SCHEMA IF NOT EXISTS public");
        } catch (SQLException e) {
            throw new SchemaFailure("Cannot wipe the shadow database " + connection.url() + " (SQLSTATE " + e.getSQLState() + "): "
                    + e.getMessage() + "\nThe shadow's user must own the managed schemas there.");
        }
    }

    private ShadowDatabase temporaryDatabase(ConnectionSettings target, Connection connection) throws SQLException {
        Matcher url = DATABASE_IN_URL.matcher(target.url());
        if (!url.matches()) {
            throw new SchemaFailure("Cannot derive a shadow database URL from " + target.url() + "; set shadowUrl.");
        }
        String name = "sg_shadow_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        ConnectionSettings shadow = new ConnectionSettings(url.group(1) + name + url.group(3), target.user(), target.password());
        return new ShadowDatabase(shadow, "a temporary database " + name + " on the target's server (dropped afterwards)", () -> {
            try (Connection c = new DatabaseConnection(target).open(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        });
    }

    private ShadowDatabase embedded(String major) {
        Path directory;
        EmbeddedServer server;
        try {
            directory = Files.createTempDirectory("schema-shadow-");
            server = EmbeddedServer.start(new EmbeddedServerSettings(directory.resolve("data"), null, null, null, true, List.of(),
                    Map.of("fsync", "off", "full_page_writes", "off")), binaries.forMajor(major));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start an embedded PostgreSQL " + major + " for the shadow: " + e.getMessage(), e);
        }
        ConnectionSettings shadow = new ConnectionSettings(server.jdbcUrl(), EmbeddedServerSettings.SUPERUSER, null);
        return new ShadowDatabase(shadow, "an embedded PostgreSQL " + major + " (the target's user may not create databases)", () -> {
            server.close();
            Files.deleteIfExists(EmbeddedServer.serverLog(directory.resolve("data")));
            Files.deleteIfExists(directory);
        });
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

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
