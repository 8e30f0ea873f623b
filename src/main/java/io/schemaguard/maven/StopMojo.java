package io.schemaguard.maven;

import io.schemaguard.output.MaskingLog;
import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.LeftoverCluster;
import io.schemaguard.settings.ConnectionSettings;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/** Stops the PostgreSQL started by {@code schema:start} and deletes its data directory. */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopMojo extends AbstractSchemaMojo {

    /**
     * The data directory given to {@code schema:start}; a server still running from it is stopped by
     * its PID. Only a directory the plugin created is deleted.
     */
    @Parameter(property = "schema.dataDirectory", defaultValue = "${project.build.directory}/schema-postgres")
    private File dataDirectory;

    @Override
    protected void run(ConnectionSettings connection, MaskingLog log) {
        Object server = getPluginContext().remove(StartMojo.SERVER_KEY);
        if (server instanceof EmbeddedServer embedded) {
            embedded.close();
            log.info("Embedded PostgreSQL stopped.");
        } else if (LeftoverCluster.removeAt(dataDirectory.toPath())) {
            log.info("Stopped the PostgreSQL left in " + dataDirectory + " and deleted its data.");
        } else {
            log.info("No embedded PostgreSQL to stop.");
        }
    }

    // stop connects to nothing: it stops the server by the handle start left, or by the PID in the data directory
    @Override
    protected ConnectionSettings connectionSettings() {
        return new ConnectionSettings(null, null, null);
    }
}
