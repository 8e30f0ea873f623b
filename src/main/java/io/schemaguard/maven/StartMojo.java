package io.schemaguard.maven;

import io.schemaguard.output.MaskingLog;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.postgres.BinariesJar;
import io.schemaguard.postgres.ClusterTemplates;
import io.schemaguard.postgres.DataDirectory;
import io.schemaguard.postgres.EmbeddedServer;
import io.schemaguard.postgres.EmbeddedServerSettings;
import io.schemaguard.postgres.PostgresDistribution;
import io.schemaguard.settings.ConnectionSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a throwaway PostgreSQL on 127.0.0.1 and a free port, from the embedded binaries on
 * Maven Central (no Docker, no installed server). Sets the project properties {@code schema.url},
 * {@code schema.user} and {@code schema.password}, which later goals use by default.
 * {@code schema:stop} stops it; a leftover of a killed build is cleared by the next start. initdb runs
 * once per binaries version: later starts copy the cluster it made ({@code useClusterTemplates}).
 */
@Mojo(name = "start", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class StartMojo extends AbstractSchemaMojo {
    static final String SERVER_KEY = "schema.embeddedServer";

    /** The role the server is created with, and which later goals connect as (default {@code postgres}). */
    @Parameter(property = "schema.user")
    private String user;

    /**
     * The password of {@code user}; with one, every login must give it (the server is created with password
     * authentication). Also read from the property {@code schema.password}, which on the command line wins over this.
     * Prefer {@code serverId}. Never printed.
     */
    // No property expression: Maven logs evaluated parameters with -X, and this one must never appear.
    @Parameter
    private String password;

    /** Id of a {@code <server>} in settings.xml whose username and (possibly encrypted) password the role is created with. */
    @Parameter(property = "schema.serverId")
    private String serverId;

    /** PostgreSQL major version (13 to 18), or a full binaries version such as {@code 17.6.0}. */
    @Parameter(property = "schema.postgresVersion", defaultValue = PostgresDistribution.DEFAULT_MAJOR)
    private String postgresVersion;

    /** Database created for {@code user} (the server always has {@code postgres}). */
    @Parameter(property = "schema.database", defaultValue = "postgres")
    private String database;

    /** Whether the created user may create databases (verify's shadow needs it, or falls back to another server). */
    @Parameter(property = "schema.userCanCreateDatabases", defaultValue = "true")
    private boolean userCanCreateDatabases;

    /** SQL files run in order as {@code user} in {@code database} once the server is up, to put it in a given state. */
    @Parameter
    private List<File> initScripts;

    /** Extra {@code postgresql.conf} settings, e.g. {@code <lc_messages>es_ES.UTF-8</lc_messages>}. */
    @Parameter
    private Map<String, String> serverConfig;

    /**
     * The cluster's data directory: one that does not exist, an empty one, or one this plugin created
     * (a killed build's leftover, stopped and cleared first). A directory holding anything else is
     * refused, never deleted. {@code schema:stop} deletes it, the server's log included.
     */
    @Parameter(property = "schema.dataDirectory", defaultValue = "${project.build.directory}/schema-postgres")
    private File dataDirectory;

    /**
     * Whether the cluster is a copy of one initdb made earlier for the same binaries, kept in {@code clusterTemplates}:
     * initdb (about a second of CPU, most of a start) then runs once per PostgreSQL binaries version, not once per build.
     * The template is copied aside right after initdb, before its server ever starts, and each start copies it into its
     * own data directory, so no two servers share files. Set {@code false} to run initdb every time.
     */
    @Parameter(property = "schema.useClusterTemplates", defaultValue = "true")
    private boolean useClusterTemplates;

    /**
     * Where the initdb'd cluster templates are kept: one directory (about 40 MB) per binaries jar and initdb options,
     * named after them, published whole by a rename and never changed afterwards, so concurrent builds may share it.
     * Deleting it at any time is safe: the next start runs initdb again.
     */
    @Parameter(property = "schema.clusterTemplates", defaultValue = "${user.home}/.cache/schema-maven-plugin/clusters")
    private File clusterTemplates;

    @Component
    private RepositorySystem repositorySystem;

    @Override
    protected ConnectionSettings connectionSettings() throws MojoFailureException {
        return withCredentials(null, user, password, serverId);
    }

    @Override
    protected void run(ConnectionSettings connection, MaskingLog log) throws MojoExecutionException, MojoFailureException {
        if (getPluginContext().get(SERVER_KEY) != null) {
            throw new MojoFailureException("schema:start already started a server in this build; bind schema:stop before starting another.");
        }
        for (File script : initScripts == null ? List.<File>of() : initScripts) {
            if (!script.isFile()) {
                throw new MojoFailureException("initScript " + script + " does not exist (relative paths are relative to the project's directory).");
            }
        }
        new DataDirectory(dataDirectory.toPath()).requireOursOrEmpty(); // refused before the binaries are fetched
        PostgresDistribution distribution;
        try {
            distribution = PostgresDistribution.forThisMachine(postgresVersion);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MojoFailureException(e.getMessage());
        }
        Path binaries;
        try {
            binaries = new RepositoryPostgresBinaries(repositorySystem, session, project).resolve(distribution);
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        EmbeddedServerSettings settings = new EmbeddedServerSettings(dataDirectory.toPath(), connection.user(), connection.password(),
                database, userCanCreateDatabases, initScripts == null ? List.of() : initScripts.stream().map(File::toPath).toList(),
                serverConfig == null ? Map.of() : serverConfig);
        EmbeddedServer server;
        try {
            server = EmbeddedServer.start(settings, new BinariesJar(binaries), getLog().isDebugEnabled(), templates(binaries));
        } catch (SchemaFailure refused) {
            throw refused;
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException(log.mask("Cannot start the embedded PostgreSQL: " + e.getMessage()), e);
        }
        getPluginContext().put(SERVER_KEY, server);
        project.getProperties().setProperty("schema.url", server.jdbcUrl());
        project.getProperties().setProperty("schema.user", settings.user());
        if (settings.password() != null) {
            project.getProperties().setProperty(PASSWORD_PROPERTY, settings.password());
        }
        log.info("Embedded PostgreSQL " + distribution.version() + " started: " + server.jdbcUrl() + " (user " + settings.user()
                + (settings.requiresPassword() ? ", password required" : "") + ")");
    }

    private ClusterTemplates templates(Path binaries) throws IOException {
        return useClusterTemplates ? ClusterTemplates.forBinariesJar(clusterTemplates.toPath(), binaries) : null;
    }
}
