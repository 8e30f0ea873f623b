package io.schemaguard.guard;

import java.util.List;

/**
 * The comparison of one existing object with the one a statement builds.
 *
 * @param object      e.g. "table public.communication_threads"
 * @param differences rendered difference lines; empty when identical
 * @param notes       remarks that do not make the objects different (column order)
 * @param reported    owners, privileges and comments that differ (unless compared strictly), grants to PUBLIC and
 *                    SECURITY DEFINER owners: warnings, never differences
 */
public record ObjectVerdict(String object, List<String> differences, List<String> notes, List<String> reported) {
    public ObjectVerdict {
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
        reported = List.copyOf(reported);
    }

    public ObjectVerdict(String object, List<String> differences, List<String> notes) {
        this(object, differences, notes, List.of());
    }

    public boolean identical() {
        return differences.isEmpty();
    }
}
