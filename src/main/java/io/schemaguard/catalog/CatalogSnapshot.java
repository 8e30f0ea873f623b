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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects of some schemas as PostgreSQL's catalog describes them, read with one query per
 * fact set. Queries run with {@code search_path = pg_catalog} so that every name in a definition
 * is schema-qualified and two databases print the same object the same way.
 */
public final class CatalogSnapshot {
    private static final List<String> FACT_SETS = List.of(
            "schemas", "relations", "columns", "constraints", "indexes", "triggers", "functions", "types");
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
        return take(connection, schemas, excludedTables, List.of());
    }

    /**
     * Only the objects named {@code names} (relations with their columns, constraints, indexes and
     * triggers; functions; types), e.g. what one statement of a probe creates; all when empty.
     */
    public static CatalogSnapshot take(Connection connection, Collection<String> schemas, Collection<String> excludedTables,
                                       Collection<String> names) throws SQLException {
        Map<ObjectKey, Map<String, String>> facets = new LinkedHashMap<>();
        String searchPath = single(connection, "SELECT current_setting('search_path')");
        execute(connection, "SELECT set_config('search_path', 'pg_catalog', false)");
        try {
            Array schemaArray = connection.createArrayOf("text", schemas.toArray());
            Array excludedArray = connection.createArrayOf("text", excludedTables.toArray());
            Array nameArray = connection.createArrayOf("text", names.toArray());
            for (String factSet : FACT_SETS) {
                read(connection, factSet, schemaArray, excludedArray, nameArray, facets);
            }
        } finally {
            try (PreparedStatement restore = connection.prepareStatement("SELECT set_config('search_path', ?, false)")) {
                restore.setString(1, searchPath);
                restore.execute();
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

    private static void read(Connection connection, String factSet, Array schemas, Array excluded, Array names,
                             Map<ObjectKey, Map<String, String>> facets) throws SQLException {
        String sql = resource(factSet + ".sql");
        List<Array> parameters = new ArrayList<>();
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder jdbc = new StringBuilder();
        while (m.find()) {
            parameters.add(switch (m.group(1)) {
                case "schemas" -> schemas;
                case "excluded" -> excluded;
                default -> names;
            });
            m.appendReplacement(jdbc, "?::text[]");
        }
        m.appendTail(jdbc);
        try (PreparedStatement statement = connection.prepareStatement(jdbc.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setArray(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ObjectKey key = new ObjectKey(ObjectKind.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4));
                    Map<String, String> values = facets.computeIfAbsent(key, k -> new LinkedHashMap<>());
                    if (rs.getString(5) != null) {
                        values.put(rs.getString(5), rs.getString(6) == null ? "" : rs.getString(6));
                    }
                }
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

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
