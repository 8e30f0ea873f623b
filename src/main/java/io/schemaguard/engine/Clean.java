package io.schemaguard.engine;

import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.HistoryTableWriter;
import io.schemaguard.guard.AuditTable;
import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.MigrationSettings;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flyway's clean, refused unless {@code cleanDisabled=false}: in the managed schemas, a schema Flyway created (its
 * schema-creation row lists it) is dropped, every other one emptied of its objects, the history table included, in
 * Flyway's order. Unlike Flyway it runs as one transaction under Flyway's lock, refuses when a drop would reach
 * objects outside the managed schemas, and keeps this plugin's audit table, which records the clean.
 */
final class Clean {
    // One drop statement per object of a schema, in Flyway's order; extension members go with their extension.
    private static final String DROP_STATEMENTS = """
            WITH members AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e'),
                 s AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ?),
                 kept AS (SELECT to_regclass(?) AS oid)
            SELECT ord, statement FROM (
              SELECT 1 AS ord, c.relname AS name, format('DROP MATERIALIZED VIEW IF EXISTS %I.%I CASCADE', s.nspname, c.relname) AS statement
                FROM pg_class c JOIN s ON s.oid = c.relnamespace WHERE c.relkind = 'm'
                 AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
              UNION ALL
              SELECT 2, c.relname, format('DROP VIEW IF EXISTS %I.%I CASCADE', s.nspname, c.relname)
                FROM pg_class c JOIN s ON s.oid = c.relnamespace WHERE c.relkind = 'v'
                 AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
              UNION ALL
              SELECT 3, c.relname, format('DROP %s IF EXISTS %I.%I CASCADE', CASE c.relkind WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                     s.nspname, c.relname)
                FROM pg_class c JOIN s ON s.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'f') AND NOT c.relispartition
                 AND c.oid IS DISTINCT FROM (SELECT oid FROM kept)
                 AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
              UNION ALL
              SELECT 4, p.proname, format('DROP %s IF EXISTS %I.%I(%s) CASCADE',
                     CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
                     s.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
                FROM pg_proc p JOIN s ON s.oid = p.pronamespace
               WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_proc'::regclass AND m.objid = p.oid)
              UNION ALL
              SELECT 5, t.typname, format('DROP %s IF EXISTS %I.%I CASCADE', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
                     s.nspname, t.typname)
                FROM pg_type t JOIN s ON s.oid = t.typnamespace
               WHERE (t.typtype IN ('e', 'd', 'r')
                      OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
                      OR (t.typtype = 'b' AND t.typcategory <> 'A'))
                 AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_type'::regclass AND m.objid = t.oid)
              UNION ALL
              SELECT 6, c.relname, format('DROP SEQUENCE IF EXISTS %I.%I CASCADE', s.nspname, c.relname)
                FROM pg_class c JOIN s ON s.oid = c.relnamespace WHERE c.relkind = 'S'
                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                 AND d.refobjid = (SELECT oid FROM kept))
                 AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
              UNION ALL
              SELECT 7, co.collname, format('DROP COLLATION IF EXISTS %I.%I CASCADE', s.nspname, co.collname)
                FROM pg_collation co JOIN s ON s.oid = co.collnamespace
               WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_collation'::regclass AND m.objid = co.oid)
              UNION ALL
              SELECT 8, e.extname, format('DROP EXTENSION IF EXISTS %I CASCADE', e.extname)
                FROM pg_extension e JOIN s ON s.oid = e.extnamespace
            ) objects ORDER BY ord, name""";

    // Every object outside the given schemas that a CASCADE could reach: relations, columns, defaults, constraints,
    // routines, types, triggers, policies. Compared before and after the drops.
    private static final String OUTSIDE_OBJECTS = """
            WITH outside AS (SELECT oid FROM pg_namespace WHERE NOT (nspname = ANY (?)) AND nspname NOT IN ('pg_catalog', 'information_schema')
                             AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'),
                 rels AS (SELECT oid FROM pg_class WHERE relnamespace IN (SELECT oid FROM outside))
            SELECT pg_describe_object('pg_class'::regclass, oid, 0) FROM rels
            UNION ALL SELECT pg_describe_object('pg_class'::regclass, attrelid, attnum) FROM pg_attribute
                WHERE attrelid IN (SELECT oid FROM rels) AND attnum > 0 AND NOT attisdropped
            UNION ALL SELECT pg_describe_object('pg_attrdef'::regclass, oid, 0) FROM pg_attrdef WHERE adrelid IN (SELECT oid FROM rels)
            UNION ALL SELECT pg_describe_object('pg_constraint'::regclass, oid, 0) FROM pg_constraint
                WHERE connamespace IN (SELECT oid FROM outside)
            UNION ALL SELECT pg_describe_object('pg_proc'::regclass, oid, 0) FROM pg_proc WHERE pronamespace IN (SELECT oid FROM outside)
            UNION ALL SELECT pg_describe_object('pg_type'::regclass, oid, 0) FROM pg_type WHERE typnamespace IN (SELECT oid FROM outside)
            UNION ALL SELECT pg_describe_object('pg_trigger'::regclass, oid, 0) FROM pg_trigger WHERE tgrelid IN (SELECT oid FROM rels)
            UNION ALL SELECT pg_describe_object('pg_policy'::regclass, oid, 0) FROM pg_policy WHERE polrelid IN (SELECT oid FROM rels)""";

    private static final String CLEAN_SCRIPT = "<< clean >>";

    private final Log log;

    Clean(Log log) {
        this.log = log;
    }

    CleanReport run(MigrationSettings settings, boolean dryRun) {
        String disabled = settings.flyway().get("cleanDisabled");
        if (disabled == null || !"false".equalsIgnoreCase(disabled.trim())) {
            throw new SchemaFailure("clean drops every object in the managed schemas, and is disabled, as in Flyway (cleanDisabled"
                    + " defaults to true). To clean a development database, set <cleanDisabled>false</cleanDisabled> (or"
                    + " -Dschema.cleanDisabled=false) for this run. Nothing was dropped.");
        }
        try (FlywayMigrations target = new FlywayMigrations(settings, log)) {
            target.connection().validateUrl();
            String historySchema = target.historySchema();
            LockedHistory history = new LockedHistory(target, settings);
            List<String> managed = managed(settings, historySchema);
            try (Connection connection = target.connection().open()) {
                return history.inTransaction(connection, dryRun,
                        c -> clean(c, history.writer(), history.audit(), managed, historySchema, dryRun));
            } catch (SQLException e) {
                throw new IllegalStateException("Clean failed (SQLSTATE " + e.getSQLState() + "): " + e.getMessage()
                        + ". Nothing was dropped: the clean runs in one transaction.", e);
            }
        }
    }

    // Flyway cleans the default schema and the configured schemas; without either, the connection's current schema.
    private static List<String> managed(MigrationSettings settings, String historySchema) {
        Set<String> schemas = new LinkedHashSet<>();
        schemas.add(historySchema);
        schemas.addAll(settings.schemas());
        return List.copyOf(schemas);
    }

    private CleanReport clean(Connection connection, HistoryTableWriter writer, AuditTable audit, List<String> managed,
                              String historySchema, boolean dryRun) throws SQLException {
        List<String> createdByFlyway = writer.schemasCreatedByFlyway(connection);
        Set<String> outsideBefore = outsideObjects(connection, managed);
        List<String> dropped = new ArrayList<>();
        Map<String, List<String>> cleaned = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        String kept = null;
        for (String schema : managed) {
            if (!exists(connection, schema)) {
                unknown.add(schema);
                continue;
            }
            if (createdByFlyway.contains(schema) && !schema.equals(historySchema)) {
                execute(connection, "DROP SCHEMA " + quote(schema) + " CASCADE");
                dropped.add(schema);
                continue;
            }
            List<String> statements = dropStatements(connection, schema, schema.equals(historySchema) ? audit.qualifiedName() : null);
            for (String statement : statements) {
                execute(connection, statement);
            }
            cleaned.put(schema, statements);
            if (createdByFlyway.contains(schema)) {
                kept = schema;
            }
        }
        Set<String> reached = new LinkedHashSet<>(outsideBefore);
        reached.removeAll(outsideObjects(connection, managed));
        if (!reached.isEmpty()) {
            throw new SchemaFailure("Cannot clean " + String.join(", ", managed) + ": dropping their objects would also drop, through"
                    + " dependencies, objects outside them:\n  " + String.join("\n  ", reached) + "\nThis plugin never touches schemas"
                    + " it does not manage. Remove those dependencies first, or add their schemas to <schemas>. Nothing was dropped.");
        }
        if (!unknown.contains(historySchema)) {
            audit.record(connection, null, CLEAN_SCRIPT, null, null, AuditTable.CLEANED, "dropped schemas " + dropped + "; cleaned schemas "
                    + cleaned.keySet() + " (" + cleaned.values().stream().mapToInt(List::size).sum() + " drop statements)"
                    + (dryRun ? "; dry run" : ""));
        }
        return new CleanReport(dropped, cleaned, unknown, kept, audit.qualifiedName(), dryRun);
    }

    private static List<String> dropStatements(Connection connection, String schema, String keptTable) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(DROP_STATEMENTS)) {
            query.setString(1, schema);
            query.setString(2, keptTable);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    statements.add(rs.getString(2));
                }
            }
        }
        return statements;
    }

    private static Set<String> outsideObjects(Connection connection, List<String> managed) throws SQLException {
        Set<String> objects = new LinkedHashSet<>();
        try (PreparedStatement query = connection.prepareStatement(OUTSIDE_OBJECTS)) {
            Array names = connection.createArrayOf("text", managed.toArray());
            query.setArray(1, names);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    objects.add(rs.getString(1));
                }
            }
        }
        return objects;
    }

    private static boolean exists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
