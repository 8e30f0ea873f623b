package io.schemaguard.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object as the catalog describes it: facets in a stable order, each a subject
 * ({@code column status}, {@code constraint t_pkey}, {@code definition}) and its definition as
 * PostgreSQL itself prints it. Two objects are identical when their facets are.
 */
public record DbObject(ObjectKey key, Map<String, String> facets) {

    public DbObject {
        facets = Collections.unmodifiableMap(new LinkedHashMap<>(facets));
    }

    /** The column subjects in the table's order (for the column-order note). */
    public List<String> columns() {
        List<String> columns = new ArrayList<>();
        facets.keySet().stream().filter(s -> s.startsWith("column ")).forEach(columns::add);
        return columns;
    }
}
