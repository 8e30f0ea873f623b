package io.schemaguard.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one comparator: compares two objects facet by facet, so every
 * kind is compared the same way and reported in the same vocabulary. Column order is a note.
 */
public record ObjectDiff(ObjectKey key, List<Difference> differences, List<String> notes) {

    public ObjectDiff {
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
    }

    public boolean identical() {
        return differences.isEmpty();
    }

    /** Compares {@code found} against {@code expected}, facet by facet. */
    public static ObjectDiff compare(DbObject expected, DbObject found) {
        Map<String, String> foundFacets = found.facets();
        List<Difference> differences = new ArrayList<>();
        for (Map.Entry<String, String> facet : expected.facets().entrySet()) {
            String other = foundFacets.get(facet.getKey());
            if (other == null) {
                differences.add(new Difference(facet.getKey(), facet.getValue(), Difference.MISSING));
            } else if (!Objects.equals(facet.getValue(), other)) {
                differences.add(new Difference(facet.getKey(), facet.getValue(), other));
            }
        }
        foundFacets.forEach((subject, value) -> {
            if (!expected.facets().containsKey(subject)) {
                differences.add(new Difference(subject, Difference.ABSENT, value));
            }
        });
        List<String> notes = new ArrayList<>();
        List<String> expectedColumns = expected.columns();
        List<String> foundColumns = foundFacets.keySet().stream().filter(s -> s.startsWith("column ")).toList();
        Set<String> sameColumns = new LinkedHashSet<>(expectedColumns);
        if (sameColumns.equals(new LinkedHashSet<>(foundColumns)) && !expectedColumns.equals(foundColumns)) {
            notes.add("column order differs: expected " + names(expectedColumns) + ", found " + names(foundColumns));
        }
        return new ObjectDiff(expected.key(), differences, notes);
    }

    /** Compares one facet of each object, e.g. a column added by ALTER TABLE against the renamed incumbent column. */
    public static ObjectDiff compareFacet(ObjectKey key, String subject, String expected, String found) {
        List<Difference> differences = new ArrayList<>();
        if (found == null) {
            differences.add(new Difference(subject, expected, Difference.MISSING));
        } else if (!found.equals(expected)) {
            differences.add(new Difference(subject, expected, found));
        }
        return new ObjectDiff(key, differences, List.of());
    }

    private static String names(List<String> columns) {
        return "(" + String.join(", ", columns.stream().map(c -> c.substring("column ".length())).toList()) + ")";
    }
}
