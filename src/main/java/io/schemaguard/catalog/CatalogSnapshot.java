package io.schemaguard.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The objects of some schemas as PostgreSQL's catalog describes them, read with one query per
 * fact set, each prepared once per session. Queries run with {@code search_path = pg_catalog} (set
 * under a savepoint that is rolled back afterwards) so that every name in a definition is schema-qualified and two
 * databases print the same object the same way.
 */
public final class CatalogSnapshot {
    private static final String SAVEPOINT = "sg_catalog_snapshot";
    private final Map<ObjectKey, DbObject> objects;

    private CatalogSnapshot(Map<ObjectKey, DbObject> objects) {
        this.objects = objects;
    }

    public static CatalogSnapshot take(Connection connection, Collection<String> schemas) throws SQLException {
        return take(connection, schemas, List.of());
    }

    /**
     * @param excludedTables tables left out with their columns, constraints, indexes, triggers and
     *                       owned sequences, as {@code schema.table} (the history and audit tables)
     */
    public static CatalogSnapshot take(Connection connection, Collection<String> schemas, Collection<String> excludedTables)
            throws SQLException {
        return take(connection, schemas, excludedTables, List.of(), FactSet.ALL);
    }

    /**
     * Only the objects named {@code names} (relations with their columns, constraints, indexes,
     * triggers and policies; functions; types; all when empty), from the given fact sets: what a probe needs.
     */
    public static CatalogSnapshot take(Connection connection, Collection<String> schemas, Collection<String> excludedTables,
                                       Collection<String> names, Set<FactSet> factSets) throws SQLException {
        Map<ObjectKey, Map<String, String>> facets = new LinkedHashMap<>();
        Map<ObjectKey, Map<String, String>> described = new LinkedHashMap<>();
        // The search path is set locally: it ends with the savepoint (or the transaction) rolled back after the queries.
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        // Three round trips whatever the number of fact sets: a probe takes two snapshots per colliding statement.
        try (Statement statement = connection.createStatement()) {
            Set<String> prepared = new HashSet<>();
            // A probe's few names: one generic plan serves them all, at a fifth of the cost of planning each time.
            String planMode = names.isEmpty() ? "" : ", set_config('plan_cache_mode', 'force_generic_plan', true)";
            forEachResult(statement, (autoCommit ? "" : "SAVEPOINT " + SAVEPOINT + ";\n")
                    + "SELECT set_config('search_path', 'pg_catalog', true)" + planMode + ", name"
                    + " FROM (SELECT NULL::text AS name UNION ALL SELECT name FROM pg_catalog.pg_prepared_statements"
                    + " WHERE starts_with(name, '" + CatalogQuery.NAME_PREFIX + "')) s", rs -> {
                while (rs.next()) {
                    prepared.add(rs.getString("name"));
                }
            });
            StringBuilder queries = new StringBuilder();
            // In the enum's order whatever set the caller passed: the objects, and so every report, come out in one order.
            Set<FactSet> sorted = EnumSet.noneOf(FactSet.class);
            sorted.addAll(factSets);
            List<FactSet> order = List.copyOf(sorted);
            for (FactSet factSet : order) {
                CatalogQuery query = new CatalogQuery(factSet, !names.isEmpty());
                // PREPARE outlives the rollback below: prepared statements belong to the session, not the transaction.
                if (!prepared.contains(query.name())) {
                    queries.append(query.prepare()).append(";\n");
                }
                queries.append(query.execute(schemas, excludedTables, names)).append(";\n");
            }
            // One result per EXECUTE, in order: the sets that only describe are read into their own map, attached below.
            int[] result = {0};
            forEachResult(statement, queries.toString(), rs -> read(rs, order.get(result[0]++).describesOnly() ? described : facets));
        } catch (SQLException | RuntimeException e) {
            try {
                restore(connection, autoCommit);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        restore(connection, autoCommit);
        described.forEach((key, values) -> {
            if (facets.containsKey(key)) {
                facets.get(key).putAll(values);
            }
        });
        Map<ObjectKey, DbObject> objects = new LinkedHashMap<>();
        facets.forEach((key, values) -> objects.put(key, new DbObject(key, values)));
        return new CatalogSnapshot(objects);
    }

    @FunctionalInterface
    private interface ResultReader {
        void read(ResultSet rs) throws SQLException;
    }

    // Several statements in one execute travel to the server together; their results come back in order.
    private static void forEachResult(Statement statement, String sql, ResultReader reader) throws SQLException {
        boolean resultSet = statement.execute(sql);
        while (resultSet || statement.getUpdateCount() != -1) {
            if (resultSet) {
                try (ResultSet rs = statement.getResultSet()) {
                    reader.read(rs);
                }
            }
            resultSet = statement.getMoreResults();
        }
    }

    // Auto-commit comes back even when the rollback fails, so the caller's connection behaves as before.
    private static void restore(Connection connection, boolean autoCommit) throws SQLException {
        try {
            if (autoCommit) {
                connection.rollback();
            } else {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT);
                }
            }
        } finally {
            if (autoCommit) {
                connection.setAutoCommit(true);
            }
        }
    }

    public Optional<DbObject> find(ObjectKey key) {
        return Optional.ofNullable(objects.get(key));
    }

    public Collection<DbObject> objects() {
        return objects.values();
    }

    /** The objects of some of the schemas only. */
    public CatalogSnapshot within(Collection<String> schemas) {
        Map<ObjectKey, DbObject> kept = new LinkedHashMap<>();
        objects.forEach((key, object) -> {
            if (schemas.contains(key.schema())) {
                kept.put(key, object);
            }
        });
        return new CatalogSnapshot(kept);
    }

    private static void read(ResultSet rs, Map<ObjectKey, Map<String, String>> facets) throws SQLException {
        while (rs.next()) {
            ObjectKey key = new ObjectKey(ObjectKind.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4));
            Map<String, String> values = facets.computeIfAbsent(key, k -> new LinkedHashMap<>());
            if (rs.getString(5) != null) {
                values.put(rs.getString(5), rs.getString(6) == null ? "" : rs.getString(6));
            }
        }
    }
}
