package io.schemaguard.guard;

import java.util.List;

/**
 * The comparison of one existing object with the one a statement builds.
 *
 * @param object      e.g. "table public.communication_threads"
 * @param differences rendered difference lines; empty when identical
 * @param notes       remarks that do not make the objects different (column order)
 */
public record ObjectVerdict(String object, List<String> differences, List<String> notes) {
    public ObjectVerdict {
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
    }

    public boolean identical() {
        return differences.isEmpty();
    }
}
