package io.schemaguard.catalog;

import java.util.ArrayList;
import java.util.List;

/** Two snapshots compared: objects missing from the found one, extra in it, and different. */
public record SchemaDiff(List<ObjectKey> missing, List<ObjectKey> extra, List<ObjectDiff> different, List<ObjectDiff> notes) {

    public SchemaDiff {
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
        different = List.copyOf(different);
        notes = List.copyOf(notes);
    }

    public boolean identical() {
        return missing.isEmpty() && extra.isEmpty() && different.isEmpty();
    }

    public static SchemaDiff compare(CatalogSnapshot expected, CatalogSnapshot found) {
        List<ObjectKey> missing = new ArrayList<>();
        List<ObjectDiff> different = new ArrayList<>();
        List<ObjectDiff> notes = new ArrayList<>();
        for (DbObject object : expected.objects()) {
            found.find(object.key()).ifPresentOrElse(other -> {
                ObjectDiff diff = ObjectDiff.compare(object, other, NameMapping.none());
                if (!diff.identical()) {
                    different.add(diff);
                } else if (!diff.notes().isEmpty()) {
                    notes.add(diff);
                }
            }, () -> missing.add(object.key()));
        }
        List<ObjectKey> extra = found.objects().stream().map(DbObject::key).filter(key -> expected.find(key).isEmpty()).toList();
        return new SchemaDiff(missing, extra, different, notes);
    }
}
