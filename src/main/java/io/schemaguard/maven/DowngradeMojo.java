package io.schemaguard.maven;

import io.schemaguard.engine.DowngradeFailure;
import io.schemaguard.engine.DowngradeReport;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.UndoOutcome;
import io.schemaguard.output.Log;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.DowngradeTarget;
import io.schemaguard.settings.MigrationSettings;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Undoes applied migrations, newest first, down to {@code target} (or the newest {@code steps}),
 * each by its undo script {@code U<version>__<description>.sql} from the same locations, in one
 * transaction with the removal of its history row. Refuses before touching anything when an undo
 * script is missing. An undo statement whose object is already gone is skipped (guard=verify).
 */
@Mojo(name = "downgrade", threadSafe = true)
public class DowngradeMojo extends AbstractDatabaseChangeMojo {

    /**
     * The version to go down to: every applied migration above it is undone, newest first ({@code 0}: all of them).
     * Give this or {@code steps}.
     */
    @Parameter(property = "schema.target")
    private String target;

    /** How many of the newest applied migrations to undo, instead of a {@code target} version. */
    @Parameter(property = "schema.steps")
    private String steps;

    /** How many steps to undo when neither {@code target} nor {@code steps} is given; null: the user must say. */
    protected String defaultSteps() {
        return null;
    }

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) throws MojoFailureException {
        DowngradeTarget downTo;
        try {
            downTo = DowngradeTarget.of(target, steps == null && target == null ? defaultSteps() : steps);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        }
        DowngradeReport report;
        try {
            report = new SchemaEngine(log).downgrade(settings, downTo);
        } catch (DowngradeFailure e) {
            logSteps(e.completed(), log);
            throw e;
        }
        logSteps(report, log);
        String from = describe(report.versionBefore());
        if (report.outcomes().isEmpty()) {
            log.info("Nothing to undo: the database is at " + from + ".");
        } else if (report.dryRun()) {
            log.info("Dry run: would downgrade from " + from + " to " + describe(report.versionAfter()) + "; everything was rolled back.");
        } else {
            log.info("Downgraded from " + from + " to " + describe(report.versionAfter()) + ".");
        }
    }

    private static void logSteps(DowngradeReport report, Log log) {
        for (UndoOutcome outcome : report.outcomes()) {
            log.info(report.dryRun()
                    ? String.format("would be undone %s by %s (%d statement(s) skipped)", outcome.script(), outcome.undoScript(),
                            outcome.skipped().size())
                    : String.format("%-9s %s by %s (%d ms)", "undone", outcome.script(), outcome.undoScript(), outcome.millis()));
        }
    }

    private static String describe(String version) {
        return version == null ? "an empty history" : "version " + version;
    }
}
