package io.schemaguard.flyway;

import java.util.List;
import java.util.Map;

/**
 * Flyway's advice names its own options and goals ({@code -outOfOrder=true}, "run repair"); this
 * plugin's user sets {@code <outOfOrder>} or {@code -Dschema.outOfOrder=true}, and has no repair
 * goal yet. The sentences are Flyway's own (its version is pinned), never a server's.
 */
final class FlywayHints {
    private static final String OUT_OF_ORDER = "set -outOfOrder=true";
    private static final String IGNORED = "not applied to database";
    private static final String CHECKSUM = "checksum mismatch";
    private static final String NOT_RESOLVED = "not resolved locally";
    private static final String FAILED = "Detected failed";
    private static final List<Map.Entry<String, String>> REPLACEMENTS = List.of(
            Map.entry("set -ignoreMigrationPatterns='*:ignored'",
                "set <ignoreMigrationPatterns>*:ignored</ignoreMigrationPatterns> (-Dschema.ignoreMigrationPatterns=*:ignored)"),
            Map.entry("set -ignoreMigrationPatterns='*:pending'",
                "set <ignoreMigrationPatterns>*:pending</ignoreMigrationPatterns> (-Dschema.ignoreMigrationPatterns=*:pending)"),
            Map.entry(OUT_OF_ORDER, "set <outOfOrder>true</outOfOrder> (-Dschema.outOfOrder=true)"),
            Map.entry("either run migrate,", "either run mvn schema:upgrade,"),
            Map.entry("Please remove any half-completed changes then run repair to fix the schema history.",
                "Remove any half-completed changes, then delete the migration's row with success = false from the history table"
                        + " (this plugin has no repair goal yet)."),
            Map.entry("If you removed this migration intentionally, run repair to mark the migration as deleted.",
                "If you removed this migration intentionally, set <ignoreMigrationPatterns>*:missing</ignoreMigrationPatterns>"
                        + " (-Dschema.ignoreMigrationPatterns=*:missing); this plugin has no repair goal yet to mark it deleted."),
            Map.entry("Either revert the changes to the migration, or run repair to update the schema history.",
                "Revert the changes to the migration file and put them in a new migration (this plugin has no repair goal yet"
                        + " to accept the changed checksum)."),
            Map.entry("(even though mixed is false)",
                "(mixed is false: set <mixed>true</mixed> (-Dschema.mixed=true) to run such a migration outside a transaction,"
                        + " or move the non-transactional statement to a migration of its own)"),
            Map.entry("Use baseline() or set baselineOnMigrate to true to initialize the schema history table.", ""));

    private FlywayHints() {
    }

    /** Flyway's message with its advice in this plugin's terms. */
    static String ours(String message) {
        String text = message == null ? "" : message;
        for (Map.Entry<String, String> replacement : REPLACEMENTS) {
            text = text.replace(replacement.getKey(), replacement.getValue());
        }
        return text;
    }

    /** What a failed validation means, from which of Flyway's findings it reports. */
    static String diagnosis(String message) {
        String text = message == null ? "" : message;
        StringBuilder why = new StringBuilder();
        if (text.contains(OUT_OF_ORDER) || text.contains(IGNORED)) {
            why.append("A migration whose version is below the current one was added after higher versions were applied (out of order):"
                    + " Flyway neither runs nor skips it by default. Give it a version above the current one, or set"
                    + " <outOfOrder>true</outOfOrder> to apply it. ");
        }
        if (text.toLowerCase(java.util.Locale.ROOT).contains(CHECKSUM)) {
            why.append("An applied migration differs from its file (changed after it ran). Restore the file as it was when it ran and"
                    + " put the change in a new migration. ");
        }
        if (text.contains(NOT_RESOLVED)) {
            why.append("The file of an applied migration is gone. Restore it, or, if it was removed on purpose, set"
                    + " <ignoreMigrationPatterns>*:missing</ignoreMigrationPatterns>. ");
        }
        if (text.contains(FAILED)) {
            why.append("The history records a failed migration. Remove what it left half done and delete its row with success = false. ");
        }
        if (why.isEmpty()) {
            why.append("An applied migration differs from its file (changed after it ran), or a file of an applied migration is gone."
                    + " Restore the file as it was when it ran and put the change in a new migration. ");
        }
        return why.toString().strip();
    }
}
