package io.schemaguard.flyway;

import java.util.List;
import java.util.Map;

/**
 * Flyway's advice names its own options and goals ({@code -outOfOrder=true}, "run repair"); this
 * plugin's user sets {@code <outOfOrder>} or {@code -Dschema.outOfOrder=true}, and runs
 * {@code mvn schema:repair}. The sentences are Flyway's own (its version is pinned), never a server's.
 */
final class FlywayHints {
    private static final String OUT_OF_ORDER = "set -outOfOrder=true";
    private static final String PENDING = "either run migrate,";
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
                "Remove any half-completed changes, then run mvn schema:repair to remove the failed row from the history."),
            Map.entry("If you removed this migration intentionally, run repair to mark the migration as deleted.",
                "If you removed this migration intentionally, run mvn schema:repair to mark it as deleted, or set"
                        + " <ignoreMigrationPatterns>*:missing</ignoreMigrationPatterns> (-Dschema.ignoreMigrationPatterns=*:missing)."),
            Map.entry("Either revert the changes to the migration, or run repair to update the schema history.",
                "Either revert the changes to the migration file (and put them in a new migration), or, if the file's new text"
                        + " is what the database holds, run mvn schema:repair to record its checksum in the history."),
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
        // Flyway's out-of-order finding is the one that suggests outOfOrder; a merely pending migration says "run migrate"
        if (text.contains(OUT_OF_ORDER)) {
            why.append("A migration whose version is below the current one was added after higher versions were applied (out of order):"
                    + " it is neither run nor skipped by default. Give it a version above the current one, or apply it with"
                    + " <outOfOrder>true</outOfOrder> (-Dschema.outOfOrder=true). ");
        }
        if (text.contains(PENDING)) {
            why.append("A migration is not applied yet: run mvn schema:upgrade. ");
        }
        if (text.toLowerCase(java.util.Locale.ROOT).contains(CHECKSUM)) {
            why.append("An applied migration differs from its file (changed after it ran). Restore the file as it was when it ran and"
                    + " put the change in a new migration; or, when the database holds what the new file builds, run mvn schema:repair"
                    + " to record the file's checksum. ");
        }
        if (text.contains(NOT_RESOLVED)) {
            why.append("The file of an applied migration is gone. Restore it, or, if it was removed on purpose, run mvn schema:repair"
                    + " to mark it deleted (or set <ignoreMigrationPatterns>*:missing</ignoreMigrationPatterns>). ");
        }
        if (text.contains(FAILED)) {
            why.append("The history records a failed migration. Remove what it left half done, then run mvn schema:repair to remove"
                    + " its row. ");
        }
        if (why.isEmpty()) {
            why.append("An applied migration differs from its file (changed after it ran), or a file of an applied migration is gone."
                    + " Restore the file as it was when it ran and put the change in a new migration. ");
        }
        return why.toString().strip();
    }
}
