package io.schemaguard.flyway;

import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorDetails;

/**
 * Something wrong with the history itself: a failed row, an applied migration whose file is gone, a changed file,
 * a migration left unapplied below the current version (out of order).
 *
 * @param advice what to do about it, in this plugin's goals and options
 */
public record HistoryProblem(String version, String script, String problem, String advice) {
    private static final String REPAIR = "mvn schema:repair";

    public HistoryProblem(String version, String script, String problem) {
        this(version, script, problem, "");
    }

    /** One of Flyway's validation findings (its error code says which) in this plugin's words. */
    static HistoryProblem of(String version, String script, ErrorDetails details) {
        if (details == null) {
            return new HistoryProblem(version, script, "invalid");
        }
        CoreErrorCode code = details.errorCode instanceof CoreErrorCode core ? core : null;
        if (code == null) {
            return new HistoryProblem(version, script, FlywayHints.ours(details.errorMessage));
        }
        return switch (code) {
            case CHECKSUM_MISMATCH -> new HistoryProblem(version, script, "checksum mismatch: the file changed after it was applied",
                    "Restore the file as it was when it ran and put the change in a new migration; or, when the database holds what"
                            + " the new file builds (a comment or whitespace changed, or the change was applied by hand), run " + REPAIR
                            + " to record the file's checksum.");
            case DESCRIPTION_MISMATCH, TYPE_MISMATCH -> new HistoryProblem(version, script,
                    "the file's " + (code == CoreErrorCode.TYPE_MISMATCH ? "type" : "description") + " differs from the history's",
                    "Rename the file back, or run " + REPAIR + " to record the file's name in the history.");
            case FAILED_VERSIONED_MIGRATION, FAILED_REPEATABLE_MIGRATION -> new HistoryProblem(version, script,
                    "failed: the history records a failed run",
                    "Remove what the failed run left half done, then run " + REPAIR + " to remove its row.");
            case APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED, APPLIED_REPEATABLE_MIGRATION_NOT_RESOLVED -> new HistoryProblem(version, script,
                    "applied, but its file is gone",
                    "Restore the file; if it was removed on purpose, run " + REPAIR + " to mark it deleted, or set"
                            + " <ignoreMigrationPatterns>*:missing</ignoreMigrationPatterns> (-Dschema.ignoreMigrationPatterns=*:missing).");
            case RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED, RESOLVED_REPEATABLE_MIGRATION_NOT_APPLIED -> new HistoryProblem(version, script,
                    "not applied, and below the current version: added after higher versions were applied (out of order)",
                    "Give it a version above the current one, or apply it with <outOfOrder>true</outOfOrder> (-Dschema.outOfOrder=true)"
                            + " and mvn schema:upgrade; to leave it unapplied, set <ignoreMigrationPatterns>*:ignored</ignoreMigrationPatterns>"
                            + " (-Dschema.ignoreMigrationPatterns=*:ignored).");
            default -> new HistoryProblem(version, script, FlywayHints.ours(details.errorMessage));
        };
    }
}
