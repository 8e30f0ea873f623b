package io.schemaguard.maven;

import io.schemaguard.engine.RecordingRefusal;
import io.schemaguard.engine.RecordingReport;
import io.schemaguard.output.MaskingLog;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.function.Function;
import java.util.function.Supplier;

/** The goals that record the history only after a replay verifies the database, stamp and baseline: force, dry run, report. */
abstract class AbstractRecordingMojo extends AbstractShadowMojo {

    /**
     * Record even what does not verify; the audit table marks what was recorded (the stamped migrations, or the baseline)
     * forced and the output lists the differences.
     */
    @Parameter(property = "schema.force", defaultValue = "false")
    private boolean force;

    /** Print what would be recorded or refused, change nothing. */
    @Parameter(property = "schema.dryRun", defaultValue = "false")
    private boolean dryRun;

    /**
     * {@code text} or {@code json}: the report of what was recorded (or would be), what did not verify, and the owners,
     * privileges and comments reported (field {@code reported}); a stamp's also tells what only Flyway callbacks build
     * (field {@code callbackObjects}: notes, a stamp runs no callback) and what builds each object reported (field
     * {@code builtBy}). A refusal fails the build either way; the JSON is written first, with the refusal (field
     * {@code failure}), so that a CI job can read why.
     */
    @Parameter(property = "schema.format", defaultValue = "text")
    private String format;

    /** Write the report to this file instead of the build log. */
    @Parameter(property = "schema.output")
    private File output;

    protected final boolean force() {
        return force;
    }

    protected final boolean dryRun() {
        return dryRun;
    }

    /**
     * Runs the goal and writes its report as {@code format} says: the JSON also when the goal fails, the refusal's report
     * or else {@code failureJson}; text lines as warnings when the record was forced or refused.
     */
    protected final void record(MaskingLog log, Supplier<RecordingReport> goal, Function<RuntimeException, String> failureJson)
            throws MojoExecutionException, MojoFailureException {
        requireFormat(format);
        boolean json = "json".equals(format);
        RecordingReport report;
        try {
            report = goal.get();
        } catch (RecordingRefusal e) {
            if (json) {
                emit(log.mask(e.report().json()), output, log);
            }
            throw e;
        } catch (RuntimeException e) {
            if (json) {
                emit(log.mask(failureJson.apply(e)), output, log);
            }
            throw e;
        }
        if (json) {
            emit(log.mask(report.json()), output, log);
        } else if (output != null) {
            emit(String.join("\n", report.lines()) + "\n", output, log);
        } else {
            report.lines().forEach(report.warns() ? log::warn : log::info);
        }
    }
}
