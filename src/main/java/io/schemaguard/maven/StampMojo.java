package io.schemaguard.maven;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.StampRefusal;
import io.schemaguard.engine.StampReport;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.StampSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * Records the history at a version. Going up, the migrations up to it are recorded as applied
 * only after a replay on a shadow database proves that every object they build is in the database
 * and identical; going down, history rows above it are removed and the schema is left as it is.
 */
@Mojo(name = "stamp", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class StampMojo extends AbstractShadowMojo {

    /** The version the history should say: a migration's version, or {@code latest}. */
    @Parameter(property = "schema.version")
    private String version;

    /**
     * Not taken by stamp, which records {@code version} only: a target given (in the pom or as
     * {@code -Dschema.target}) is refused rather than ignored, so that stamp never records a version the user did
     * not ask for.
     */
    @Parameter(property = "schema.target")
    private String target;

    /** Record even what does not verify; the audit table marks those migrations forced and the output lists the differences. */
    @Parameter(property = "schema.force", defaultValue = "false")
    private boolean force;

    /** Print what would be recorded or refused, change nothing. */
    @Parameter(property = "schema.dryRun", defaultValue = "false")
    private boolean dryRun;

    /**
     * {@code text} or {@code json}: the report of what was recorded (or would be), what did not verify, what only
     * Flyway callbacks build (field {@code callbackObjects}: notes, a stamp runs no callback), what builds each
     * object reported (field {@code builtBy}), and the owners, privileges and comments reported (field
     * {@code reported}). A refusal fails the build either way; the JSON is written first, with the refusal (field
     * {@code failure}), so that a CI job can read why.
     */
    @Parameter(property = "schema.format", defaultValue = "text")
    private String format;

    /** Write the report to this file instead of the build log. */
    @Parameter(property = "schema.output")
    private File output;

    // handed on so that the engine refuses it, naming what was given
    @Override
    protected String upgradeTarget() {
        return target;
    }

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) throws MojoExecutionException, MojoFailureException {
        requireFormat(format);
        boolean json = "json".equals(format);
        StampReport report;
        try {
            report = new SchemaEngine(log).stamp(settings, new StampSettings(version, force, dryRun), shadowSettings(),
                    postgresBinaries());
        } catch (StampRefusal e) {
            if (json) {
                emit(log.mask(e.report().json()), output, log);
            }
            throw e;
        } catch (RuntimeException e) {
            if (json) {
                emit(log.mask(StampReport.failureJson(version, dryRun, e, log::mask)), output, log);
            }
            throw e;
        }
        if (json) {
            emit(log.mask(report.json()), output, log);
            return;
        }
        if (output != null) {
            emit(String.join("\n", report.lines()) + "\n", output, log);
            return;
        }
        boolean warn = report.outcome() == StampReport.Outcome.FORCED || report.outcome() == StampReport.Outcome.REFUSED;
        report.lines().forEach(warn ? log::warn : log::info);
    }
}
