package io.schemaguard.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects of some schemas as PostgreSQL's catalog describes them, read with one query per
 * fact set, all sent in one round trip. Queries run with {@code search_path = pg_catalog} (set
 * for that round trip only) so that every name in a definition is schema-qualified and two
 * databases print the same object the same way.
 */
public final class CatalogSnapshot {
    private static final Pattern NAME_FILTER = Pattern.compile("(?m)^.*-- only when names are given\\R");
    private static final Pattern PARAMETER = Pattern.compile(":(schemas|excluded|names)\\b");

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
     * Only the objects named {@code names} (relations with their columns, constraints, indexes and
     * triggers; functions; types; all when empty), from the given fact sets: what a probe needs.
     */
    public static CatalogSnapshot take(Connection connection, Collection<String> schemas, Collection<String> excludedTables,
                                       Collection<String> names, Set<FactSet> factSets) throws SQLException {
        Array schemaArray = connection.createArrayOf("text", schemas.toArray());
        Array excludedArray = connection.createArrayOf("text", excludedTables.toArray());
        Array nameArray = connection.createArrayOf("text", names.toArray());
        boolean inTransaction = !connection.getAutoCommit();
        // A local setting ends with the implicit transaction of the batch, or with the savepoint rolled back after it.
        StringBuilder batch = new StringBuilder(inTransaction ? "SAVEPOINT sg_catalog_snapshot;\n" : "")
                .append("SELECT set_config('search_path', 'pg_catalog', true);\n");
        List<Array> parameters = new ArrayList<>();
        for (FactSet factSet : factSets) {
            String sql = resource(factSet.resource());
            // Without names the filter goes entirely: a condition that is sometimes true would keep the planner off the indexes.
            if (names.isEmpty()) {
                sql = NAME_FILTER.matcher(sql).replaceAll("");
            }
            Matcher m = PARAMETER.matcher(sql);
            StringBuilder jdbc = new StringBuilder();
            while (m.find()) {
                parameters.add(switch (m.group(1)) {
                    case "schemas" -> schemaArray;
                    case "excluded" -> excludedArray;
                    default -> nameArray;
                });
                m.appendReplacement(jdbc, "?::text[]");
            }
            m.appendTail(jdbc);
            batch.append(jdbc.toString().strip().replaceAll(";$", "")).append(";\n");
        }
        if (inTransaction) {
            batch.append("ROLLBACK TO SAVEPOINT sg_catalog_snapshot;\nRELEASE SAVEPOINT sg_catalog_snapshot;\n");
        }
        Map<ObjectKey, Map<String, String>> facets = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(batch.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setArray(i + 1, parameters.get(i));
            }
            boolean isResultSet = statement.execute();
            while (true) {
                if (isResultSet) {
                    try (ResultSet rs = statement.getResultSet()) {
                        read(rs, facets);
                    }
                } else if (statement.getUpdateCount() == -1) {
                    break;
                }
                isResultSet = statement.getMoreResults();
            }
        }
        Map<ObjectKey, DbObject> objects = new LinkedHashMap<>();
        facets.forEach((key, values) -> objects.put(key, new DbObject(key, values)));
        return new CatalogSnapshot(objects);
    }

    public Optional<DbObject> find(ObjectKey key) {
        return Optional.ofNullable(objects.get(key));
    }

    public Collection<DbObject> objects() {
        return objects.values();
    }

    // The search path's own row (one column) is not a fact.
    private static void read(ResultSet rs, Map<ObjectKey, Map<String, String>> facets) throws SQLException {
        if (rs.getMetaData().getColumnCount() < 6) {
            return;
        }
        while (rs.next()) {
            ObjectKey key = new ObjectKey(ObjectKind.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4));
            Map<String, String> values = facets.computeIfAbsent(key, k -> new LinkedHashMap<>());
            if (rs.getString(5) != null) {
                values.put(rs.getString(5), rs.getString(6) == null ? "" : rs.getString(6));
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in = CatalogSnapshot.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing catalog query " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
