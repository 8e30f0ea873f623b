package io.schemaguard.maven;

import io.schemaguard.engine.BaselineReport;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.BaselineSettings;
import io.schemaguard.settings.MigrationSettings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Flyway's baseline, verified: records one baseline row at {@code baselineVersion} (default 1) with
 * {@code baselineDescription}, so the migrations at or below it never run, but only after a replay on a shadow
 * database proves the database holds what they build. Refused when the history table already exists, as in Flyway.
 */
@Mojo(name = "baseline", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class BaselineMojo extends AbstractShadowMojo {

    /** Record even what does not verify; the audit table marks the baseline forced and the output lists the differences. */
    @Parameter(property = "schema.force", defaultValue = "false")
    private boolean force;

    /** Print what would be recorded or refused, change nothing. */
    @Parameter(property = "schema.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) {
        BaselineReport report = new SchemaEngine(log).baseline(settings,
                new BaselineSettings(baselineVersion, baselineDescription, force, dryRun), shadowSettings(), postgresBinaries());
        boolean warn = report.outcome() == BaselineReport.Outcome.FORCED || report.outcome() == BaselineReport.Outcome.REFUSED;
        report.lines().forEach(warn ? log::warn : log::info);
    }
}
