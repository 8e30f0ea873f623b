package io.schemaguard.maven;

import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.MigrationSettings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Flyway's clean: drops every object in the managed schemas (a schema Flyway created is dropped whole), the history
 * table included. Refused unless {@code cleanDisabled} is {@code false}. One transaction; refused when a drop would
 * reach objects outside the managed schemas; recorded in the audit table, which the clean keeps.
 */
@Mojo(name = "clean", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class CleanMojo extends AbstractMaintenanceMojo {

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) {
        new SchemaEngine(log).clean(settings, dryRun()).lines().forEach(log::warn);
    }
}
