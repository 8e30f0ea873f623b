package io.schemaguard.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two snapshots compared: objects the found one lacks, objects only it has, and objects in both
 * that differ. {@link #groups()} puts everything under the object it belongs to, in the diff
 * vocabulary of a guard refusal.
 */
public record SchemaDiff(List<DbObject> missing, List<DbObject> extra, List<ObjectDiff> different, List<ObjectDiff> notes,
                         List<ReportedFact> reported) {

    public SchemaDiff {
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
        different = List.copyOf(different);
        notes = List.copyOf(notes);
        reported = List.copyOf(reported);
    }

    public SchemaDiff(List<DbObject> missing, List<DbObject> extra, List<ObjectDiff> different, List<ObjectDiff> notes) {
        this(missing, extra, different, notes, List.of());
    }

    public boolean identical() {
        return missing.isEmpty() && extra.isEmpty() && different.isEmpty();
    }

    public static SchemaDiff compare(CatalogSnapshot expected, CatalogSnapshot found) {
        return compare(expected, found, CompareMode.DEFAULT);
    }

    /** As above; owners, privileges and comments of the objects in both are reported, or with {@code STRICT} compared. */
    public static SchemaDiff compare(CatalogSnapshot expected, CatalogSnapshot found, CompareMode mode) {
        List<DbObject> missing = new ArrayList<>();
        List<ObjectDiff> different = new ArrayList<>();
        List<ObjectDiff> notes = new ArrayList<>();
        List<ReportedFact> reported = new ArrayList<>();
        for (DbObject object : expected.objects()) {
            found.find(object.key()).ifPresentOrElse(other -> {
                ObjectDiff diff = ObjectDiff.compare(object, other, mode);
                reported.addAll(diff.reported());
                if (!diff.identical()) {
                    different.add(diff);
                } else if (!diff.notes().isEmpty()) {
                    notes.add(diff);
                }
            }, () -> missing.add(object));
        }
        List<DbObject> extra = found.objects().stream().filter(o -> expected.find(o.key()).isEmpty()).toList();
        return new SchemaDiff(missing, extra, different, notes, reported);
    }

    /**
     * Every difference, whole objects and facets alike, under the object it belongs to: a table's
     * columns and constraints under the table, an index, trigger or policy under its own name
     * ({@code index idx on public.t}), as the guard names them. A missing or extra object is one
     * difference without a subject: the group's title names it.
     */
    public List<DiffGroup> groups() {
        Map<String, List<Difference>> groups = new LinkedHashMap<>();
        for (ObjectDiff diff : different) {
            groups.computeIfAbsent(groupOf(diff.key()), g -> new ArrayList<>()).addAll(diff.differences());
        }
        for (DbObject object : missing) {
            groups.computeIfAbsent(groupOf(object.key()), g -> new ArrayList<>())
                    .add(new Difference(null, summary(object), Difference.MISSING));
        }
        for (DbObject object : extra) {
            groups.computeIfAbsent(groupOf(object.key()), g -> new ArrayList<>())
                    .add(new Difference(null, Difference.ABSENT, summary(object)));
        }
        List<DiffGroup> result = new ArrayList<>();
        groups.forEach((title, differences) -> result.add(new DiffGroup(title, differences)));
        return result;
    }

    /** The title of the group an object is reported under: the object itself, {@code index idx on public.t}. */
    public static String groupOf(ObjectKey key) {
        return key.describe();
    }

    // What the object is, in one line: its definition when it has one, else its kind and size.
    private static String summary(DbObject object) {
        String definition = object.facets().get("definition");
        if (definition != null) {
            return definition.replaceAll("\\s+", " ").trim();
        }
        int columns = object.columns().size();
        if (columns > 0 || object.facets().isEmpty() || object.key().kind() != ObjectKind.POLICY && object.key().kind() != ObjectKind.EXTENSION) {
            return object.key().kind().label() + (columns > 0 ? " (" + columns + " column" + (columns == 1 ? ")" : "s)") : "");
        }
        // A policy or an extension is its few facets: "command SELECT, as PERMISSIVE, to PUBLIC, using (…)".
        List<String> facets = new ArrayList<>();
        object.facets().forEach((subject, value) -> facets.add(subject + " " + value.replaceAll("\\s+", " ").trim()));
        return String.join(", ", facets);
    }
}
