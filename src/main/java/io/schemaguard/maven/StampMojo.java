package io.schemaguard.maven;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.StampReport;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.settings.StampSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Records the history at a version. Going up, the migrations up to it are recorded as applied
 * only after a replay on a shadow database proves that every object they build is in the database
 * and identical; going down, history rows above it are removed and the schema is left as it is.
 */
@Mojo(name = "stamp", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class StampMojo extends AbstractRecordingMojo {

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

    // handed on so that the engine refuses it, naming what was given
    @Override
    protected String upgradeTarget() {
        return target;
    }

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) throws MojoExecutionException, MojoFailureException {
        record(log, () -> new SchemaEngine(log).stamp(settings, new StampSettings(version, force(), dryRun()), shadowSettings(),
                postgresBinaries()), e -> StampReport.failureJson(version, dryRun(), e, log::mask));
    }
}
