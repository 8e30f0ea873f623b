package io.schemaguard.maven;

import io.schemaguard.engine.DriftReport;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.MigrationSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * Drift detection: compares the live schema with the schema the applied migrations build,
 * replayed on a shadow database, and reports missing, extra and different objects and problems
 * of the history (failed rows, applied migrations whose file is gone, changed files).
 */
@Mojo(name = "verify", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractShadowMojo {

    /** Whether drift fails the build; with {@code false} the report is printed and the build goes on. */
    @Parameter(property = "schema.failOnDrift", defaultValue = "true")
    private boolean failOnDrift;

    /** {@code text} or {@code json}; both name the migration or Flyway callback that builds each missing or different object. */
    @Parameter(property = "schema.format", defaultValue = "text")
    private String format;

    /** Write the report to this file instead of the build log. */
    @Parameter(property = "schema.output")
    private File output;

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) throws MojoExecutionException, MojoFailureException {
        requireFormat(format);
        DriftReport report = new SchemaEngine(log).verify(settings, shadowSettings(), postgresBinaries());
        if ("json".equals(format)) {
            emit(report.json(), output, log);
        } else if (output != null) {
            emit(String.join("\n", report.text()) + "\n", output, log);
        } else {
            report.details().forEach(log::info);
        }
        if (report.drift() && failOnDrift) {
            throw new MojoFailureException(report.summary() + " Reconcile the database with the migrations (or add a migration that"
                    + " does); -Dschema.failOnDrift=false reports without failing.");
        }
        if (report.drift()) {
            log.warn(report.summary());
        } else {
            log.info(report.summary());
        }
    }
}
