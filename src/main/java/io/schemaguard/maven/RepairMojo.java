package io.schemaguard.maven;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.MigrationSettings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Repairs the history as Flyway's repair does: removes failed rows, marks applied migrations whose file is gone as
 * deleted, and realigns the checksum, description and type of applied migrations with their files. The schema is not
 * touched. Runs under Flyway's lock; each change is recorded in the audit table.
 */
@Mojo(name = "repair", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class RepairMojo extends AbstractMaintenanceMojo {

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) {
        new SchemaEngine(log).repair(settings, dryRun()).lines().forEach(log::info);
    }
}
