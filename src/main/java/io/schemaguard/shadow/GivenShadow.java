package io.schemaguard.shadow;

import io.schemaguard.flyway.DatabaseConnection;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.ConnectionSettings;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database named by {@code shadowUrl}. Its managed schemas are dropped before and after every
 * use, so it is used only when the server says it is not the target, and when it is either marked
 * as the plugin's shadow (a comment on the database, set at first use) or empty: no table, view,
 * sequence, function or type in any schema. Anything else is the user's data, and is refused.
 * One build at a time uses it: the others wait on an advisory lock held for the shadow's life.
 */
final class GivenShadow {
    static final String MARKER = "schema-maven-plugin shadow: its schemas are dropped before and after every verify and stamp";
    private static final int NAMES_SHOWN = 5;
    // "SGSHADOW": a session-level advisory lock in the shadow database, held by the build using it
    private static final long IN_USE_LOCK = 0x5347_5348_4144_4F57L;

    // One row per user object, tables first; system schemas, temporary schemas and TOAST are not the user's.
    private static final String USER_OBJECTS = """
            SELECT kind, name FROM (
                SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'f' THEN 'foreign table' WHEN 'v' THEN 'view'
                                      WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'type' END AS kind,
                       CASE c.relkind WHEN 'r' THEN 1 WHEN 'p' THEN 1 WHEN 'f' THEN 2 WHEN 'v' THEN 3 WHEN 'm' THEN 4 WHEN 'S' THEN 5 ELSE 7 END AS rank,
                       c.relnamespace AS namespace, c.relname::text AS object
                FROM pg_class c WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S', 'c')
                UNION ALL
                SELECT 'function', 6, p.pronamespace, p.proname::text FROM pg_proc p
                UNION ALL
                SELECT 'type', 7, t.typnamespace, t.typname::text FROM pg_type t WHERE t.typtype IN ('d', 'e', 'r', 'm')
            ) o (kind, rank, namespace, object)
            CROSS JOIN LATERAL (SELECT n.nspname || '.' || o.object FROM pg_namespace n WHERE n.oid = o.namespace
                                AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                                AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%') q (name)
            ORDER BY rank, name""";

    private final Log log;

    GivenShadow(Log log) {
        this.log = log;
    }

    ShadowDatabase open(ConnectionSettings target, String url, List<String> schemas) {
        ConnectionSettings connection = new ConnectionSettings(url, target.user(), target.password());
        String description = "the shadow database " + DatabaseAddress.of(url);
        // this session holds the shadow for the build: a second build's wipe would destroy the first one's replay
        Connection holder = new DatabaseConnection(connection).open();
        try {
            try (Connection targetConnection = new DatabaseConnection(target).open()) {
                ShadowIdentity.requireDistinct(targetConnection, holder, description);
            }
            awaitExclusiveUse(holder, description);
            if (!marked(holder)) {
                requireEmpty(holder, description);
                mark(holder, description);
            }
            wipe(holder, schemas, description);
        } catch (SQLException e) {
            closeQuietly(holder);
            throw new SchemaFailure("Cannot check " + description + " (SQLSTATE " + e.getSQLState() + "): " + e.getMessage()
                    + ". Nothing was changed.", e);
        } catch (RuntimeException e) {
            closeQuietly(holder);
            throw e;
        }
        return new ShadowDatabase(connection, description, () -> {
            try (holder) {
                wipe(holder, schemas, description);
            }
        });
    }

    private void awaitExclusiveUse(Connection holder, String description) throws SQLException {
        try (Statement s = holder.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + IN_USE_LOCK + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            log.info(capitalized(description) + " is in use by another build; waiting until it is done.");
            s.execute("SELECT pg_advisory_lock(" + IN_USE_LOCK + ")");
        }
    }

    private static boolean marked(Connection shadow) throws SQLException {
        try (Statement s = shadow.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()")) {
            rs.next();
            return MARKER.equals(rs.getString(1));
        }
    }

    private static void requireEmpty(Connection shadow, String description) throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        try (Statement s = shadow.createStatement(); ResultSet rs = s.executeQuery(USER_OBJECTS)) {
            while (rs.next()) {
                counts.merge(rs.getString(1), 1, Integer::sum);
                names.add(rs.getString(2));
            }
        }
        if (names.isEmpty()) {
            return;
        }
        List<String> tally = new ArrayList<>();
        counts.forEach((kind, count) -> tally.add(count + " " + kind + (count == 1 ? "" : "s")));
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())))
                + (names.size() > NAMES_SHOWN ? ", …" : "");
        throw new SchemaFailure(capitalized(description) + " holds objects the plugin did not create: " + String.join(", ", tally)
                + " (" + shown + "). A shadow's schemas are dropped before and after every use, so a database is used as a shadow"
                + " only when it is empty at first use (the plugin then marks it as its own) or already marked. Nothing was changed."
                + " Point shadowUrl at an empty database kept for this purpose (e.g. createdb app_shadow), or leave it unset to use a"
                + " temporary database.");
    }

    // Only the database's owner may comment on it; an empty shadow is still safe to use unmarked, with a warning.
    private void mark(Connection shadow, String description) throws SQLException {
        String database;
        try (Statement s = shadow.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            database = rs.getString(1);
        }
        try (Statement s = shadow.createStatement()) {
            s.execute("COMMENT ON DATABASE " + quote(database) + " IS '" + MARKER + "'");
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw e;
            }
            log.warn(capitalized(description) + " is empty but cannot be marked as the plugin's shadow: its user does not own it."
                    + " Should a run be killed before wiping it, the next run will refuse it as holding objects;"
                    + " ALTER DATABASE " + quote(database) + " OWNER TO the shadow's user avoids that.");
        }
    }

    private static void wipe(Connection holder, List<String> schemas, String description) {
        try (Statement s = holder.createStatement()) {
            for (String schema : schemas) {
                s.execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
            }
            s.execute("CREATE SCHEMA IF NOT EXISTS public");
        } catch (SQLException e) {
            throw new SchemaFailure("Cannot wipe " + description + " (SQLSTATE " + e.getSQLState() + "): "
                    + e.getMessage() + "\nThe shadow's user must own the managed schemas there.");
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the failure being reported matters more
        }
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
