package io.schemaguard.guard;

import java.util.List;

/**
 * A statement the guard skipped: its object was already there (identical, or for an undo already gone).
 *
 * @param statement the statement's number in its script; 0 for the whole migration (adopted as a whole)
 * @param object    e.g. {@code table public.t}; null when the line alone says it (an undo statement)
 * @param line      the one line the build log and the outcome show
 * @param notes     remarks that do not make the objects different (column order)
 * @param reported  owners, privileges and comments that differ, told as warnings
 */
public record SkippedStatement(int statement, String object, String line, List<String> notes, List<String> reported) {
    public SkippedStatement {
        notes = List.copyOf(notes);
        reported = List.copyOf(reported);
    }

    /** A skip the line alone describes. */
    public static SkippedStatement of(String line) {
        return new SkippedStatement(0, null, line, List.of(), List.of());
    }
}
