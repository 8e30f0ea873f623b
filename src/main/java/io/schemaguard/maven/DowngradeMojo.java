package io.schemaguard.maven;

import io.schemaguard.engine.DowngradeFailure;
import io.schemaguard.engine.DowngradeReport;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.DowngradeTarget;
import io.schemaguard.settings.MigrationSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Undoes applied migrations, newest first, down to {@code target} (or the newest {@code steps}),
 * each by its undo script {@code U<version>__<description>.sql} from the same locations, in one
 * transaction with the removal of its history row. Refuses before touching anything when an undo
 * script is missing. An undo statement whose object is already gone is skipped (guard=verify).
 */
@Mojo(name = "downgrade", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
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

    /**
     * {@code text} (one line per migration undone in the build log) or {@code json}: each migration undone (with its undo
     * script and the undo statements skipped because their object was already gone), the versions before and after,
     * the dry-run flag, and, when the downgrade fails, why (the step that failed and the message). The JSON is written
     * when the downgrade fails too, before the build fails. Never holds the password.
     */
    @Parameter(property = "schema.format", defaultValue = "text")
    private String format;

    /** Write the report to this file instead of the build log (with {@code json}, also when the downgrade fails). */
    @Parameter(property = "schema.output")
    private File output;

    /** How many steps to undo when neither {@code target} nor {@code steps} is given; null: the user must say. */
    protected String defaultSteps() {
        return null;
    }

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) throws MojoExecutionException, MojoFailureException {
        requireFormat(format);
        DowngradeTarget downTo;
        try {
            downTo = DowngradeTarget.of(target, steps == null && target == null ? defaultSteps() : steps);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        }
        boolean json = "json".equals(format);
        DowngradeReport report;
        try {
            report = new SchemaEngine(log).downgrade(settings, downTo);
        } catch (DowngradeFailure e) {
            if (json) {
                emit(log.mask(e.completed().failureJson(e, log::mask)), output, log);
            } else {
                e.completed().lines(e.planned()).forEach(log::info);
            }
            throw e;
        } catch (RuntimeException e) {
            if (json) {
                emit(log.mask(DowngradeReport.nothingKnown(settings.dryRun()).failureJson(e, log::mask)), output, log);
            }
            throw e;
        }
        if (json) {
            emit(log.mask(report.json()), output, log);
            return;
        }
        List<String> lines = new ArrayList<>(report.lines(report.outcomes().size()));
        String from = describe(report.versionBefore());
        if (report.outcomes().isEmpty()) {
            lines.add("Nothing to undo: the database is at " + from + ".");
        } else if (report.dryRun()) {
            lines.add("Dry run: would downgrade from " + from + " to " + describe(report.versionAfter()) + "; everything was rolled back.");
        } else {
            lines.add("Downgraded from " + from + " to " + describe(report.versionAfter()) + ".");
        }
        if (output != null) {
            emit(String.join("\n", lines) + "\n", output, log);
        } else {
            lines.forEach(log::info);
        }
    }

    private static String describe(String version) {
        return version == null ? "an empty history" : "version " + version;
    }
}
