package io.schemaguard.maven;

import io.schemaguard.engine.HistoryReport;
import io.schemaguard.engine.SchemaEngine;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.MigrationSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/** Lists every migration with its state: applied, adopted, pending, failed, missing, future… */
@Mojo(name = "history", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class HistoryMojo extends AbstractMigrationMojo {

    /** {@code text} (a table) or {@code json}. */
    @Parameter(property = "schema.format", defaultValue = "text")
    private String format;

    /** Write the report to this file instead of the build log. */
    @Parameter(property = "schema.output")
    private File output;

    @Override
    protected void run(MigrationSettings settings, MaskingLog log) throws MojoExecutionException, MojoFailureException {
        requireFormat(format);
        HistoryReport report = new SchemaEngine(log).history(settings);
        String text = "json".equals(format) ? report.historyJson() : String.join("\n", report.historyText()) + "\n";
        emit(text, output, log);
    }
}
