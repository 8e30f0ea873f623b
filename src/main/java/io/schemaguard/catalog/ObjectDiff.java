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
public record ObjectDiff(ObjectKey key, List<Difference> differences, List<String> notes, List<ReportedFact> reported) {

    public ObjectDiff {
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
        reported = List.copyOf(reported);
    }

    public ObjectDiff(ObjectKey key, List<Difference> differences, List<String> notes) {
        this(key, differences, notes, List.of());
    }

    public boolean identical() {
        return differences.isEmpty();
    }

    /** Compares {@code found} against {@code expected}, facet by facet; owners, privileges and comments are reported. */
    public static ObjectDiff compare(DbObject expected, DbObject found) {
        return compare(expected, found, CompareMode.DEFAULT);
    }

    /** As above; with {@link CompareMode#STRICT}, differing owners, privileges and comments are differences. */
    public static ObjectDiff compare(DbObject expected, DbObject found, CompareMode mode) {
        Map<String, String> foundFacets = found.facets();
        List<Difference> all = new ArrayList<>();
        for (Map.Entry<String, String> facet : expected.facets().entrySet()) {
            String other = foundFacets.get(facet.getKey());
            if (other == null) {
                all.add(new Difference(facet.getKey(), facet.getValue(), Difference.MISSING));
            } else if (!Objects.equals(facet.getValue(), other)) {
                all.add(new Difference(facet.getKey(), facet.getValue(), other));
            }
        }
        foundFacets.forEach((subject, value) -> {
            if (!expected.facets().containsKey(subject)) {
                all.add(new Difference(subject, Difference.ABSENT, value));
            }
        });
        List<Difference> differences = new ArrayList<>();
        List<ReportedFact> reported = new ArrayList<>();
        for (Difference d : all) {
            if (mode == CompareMode.STRICT || !ReportedFacts.isReported(d.subject())) {
                differences.add(d);
            } else {
                reported.add(new ReportedFact(expected.key().describe(), d.subject(), ReportedFact.Reason.DIFFERS, d.expected(), d.found()));
            }
        }
        reported.addAll(ReportedFacts.warnings(found));
        List<String> notes = new ArrayList<>();
        List<String> expectedColumns = expected.columns();
        List<String> foundColumns = foundFacets.keySet().stream().filter(s -> s.startsWith("column ")).toList();
        Set<String> sameColumns = new LinkedHashSet<>(expectedColumns);
        if (sameColumns.equals(new LinkedHashSet<>(foundColumns)) && !expectedColumns.equals(foundColumns)) {
            notes.add("column order differs: expected " + names(expectedColumns) + ", found " + names(foundColumns));
        }
        return new ObjectDiff(expected.key(), differences, notes, reported);
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
