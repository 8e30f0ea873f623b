package io.schemaguard.maven;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.engine.ValidateReport;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.MigrationSettings;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Checks the history against the migration files, as Flyway's validate: an applied migration whose file changed
 * (checksum) or is gone, a failed row, a migration left unapplied below the current version (out of order). Fast:
 * no shadow, no replay; it fails the build listing each problem and what to do.
 */
@Mojo(name = "validate", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class ValidateMojo extends AbstractMigrationMojo {

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) throws MojoFailureException {
        ValidateReport report = new SchemaEngine(log).validate(settings);
        if (!report.valid()) {
            throw new MojoFailureException(log.mask(report.summary()));
        }
        log.info(report.summary());
    }
}
