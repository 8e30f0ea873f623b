package io.schemaguard.engine;

import java.util.List;

/**
 * One migration undone by a downgrade (SPEC §7).
 *
 * @param script     the migration's file
 * @param undoScript the undo script that reversed it
 * @param skipped    one line per statement skipped because its object was already gone
 */
public record UndoOutcome(String version, String script, String undoScript, long millis, List<String> skipped) {
    public UndoOutcome {
        skipped = List.copyOf(skipped);
    }
}
