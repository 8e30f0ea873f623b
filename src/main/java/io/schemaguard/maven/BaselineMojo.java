package io.schemaguard.maven;

import io.schemaguard.engine.BaselineReport;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.BaselineSettings;
import io.schemaguard.settings.MigrationSettings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Flyway's baseline, verified: records one baseline row at {@code baselineVersion} (default 1) with
 * {@code baselineDescription}, so the migrations at or below it never run, but only after a replay on a shadow
 * database proves the database holds what they build. Refused when the history table already exists, as in Flyway.
 */
@Mojo(name = "baseline", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class BaselineMojo extends AbstractRecordingMojo {

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) throws MojoExecutionException, MojoFailureException {
        BaselineSettings baseline = new BaselineSettings(baselineVersion, baselineDescription, force(), dryRun());
        record(log, () -> new SchemaEngine(log).baseline(settings, baseline, shadowSettings(), postgresBinaries()),
                e -> BaselineReport.failureJson(baseline.version(), baseline.description(), dryRun(), e, log::mask));
    }
}
