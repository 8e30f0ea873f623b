package io.schemaguard.maven;

import io.schemaguard.output.Log;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.flyway.FlywayConfigFiles;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.ParameterSources;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import java.io.File;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What every goal shares: {@code skip}, the one rule that resolves parameters, and the mapping of engine failures to
 * Maven's. The target database's parameters are in {@link AbstractDatabaseMojo}, so that start and stop do not list them.
 */
abstract class AbstractSchemaMojo extends AbstractMojo {
    static final String PASSWORD_PROPERTY = "schema.password";
    static final String URL_PROPERTY = "schema.url";

    /** Skip this goal. */
    @Parameter(property = "schema.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    @Component
    protected SettingsDecrypter settingsDecrypter;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        resolveParameters();
        if (skip) {
            getLog().info("Skipping (skip=true)");
            return;
        }
        ConnectionSettings connection;
        try {
            connection = connectionSettings();
        } catch (SchemaFailure e) {
            throw new MojoFailureException(e.getMessage()); // a refused URL: the message does not show it
        }
        MaskingLog log = new MaskingLog(new MavenLog(getLog()), secrets(connection));
        try {
            run(connection, log);
        } catch (SchemaFailure e) {
            throw new MojoFailureException(log.mask(e.getMessage()));
        } catch (MojoFailureException | MojoExecutionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MojoExecutionException(log.mask(String.valueOf(e.getMessage())), e);
        }
    }

    protected abstract void run(ConnectionSettings connection, MaskingLog log) throws MojoExecutionException, MojoFailureException;

    /**
     * Every parameter by one rule ({@link ParameterSources}): {@code -Dschema.x} / {@code -Dflyway.x} over the pom,
     * over the project's properties, over Flyway configuration files; unknown and refused parameters fail the build.
     */
    private void resolveParameters() throws MojoFailureException {
        PomConfiguration pom = PomConfiguration.of(project, mojoExecution);
        ParameterResolution resolution = new ParameterResolution(this, mojoExecution, pom, project.getBasedir());
        resolution.checkPomElements();
        Map<String, String> commandLine = new HashMap<>(properties(session.getSystemProperties()));
        commandLine.putAll(properties(session.getUserProperties()));
        Map<String, String> projectProperties = properties(project.getProperties());
        ParameterResolution.checkProperties(commandLine, "the property");
        ParameterResolution.checkProperties(projectProperties, "the project property");
        ParameterSources withoutFiles = new ParameterSources(commandLine, projectProperties, Map.of(), FlywayParameters.ACCEPTED);
        resolution.apply(withoutFiles, List.of("configFiles", "configFileEncoding", "workingDirectory"));
        Map<String, String> fromFiles = new LinkedHashMap<>();
        for (File file : readConfigFiles()) {
            try {
                Map<String, String> keys = FlywayConfigFiles.read(List.of(file), configFileEncoding());
                configFileKeys.put(file, keys);
                fromFiles.putAll(keys);
            } catch (SchemaFailure e) {
                throw new MojoFailureException(e.getMessage());
            }
        }
        for (Map.Entry<File, Map<String, String>> file : configFileKeys.entrySet()) {
            resolution.checkConfigFile(file.getKey(), file.getValue());
        }
        new ParameterResolution(this, mojoExecution, pom, baseDirectoryForFiles())
                .apply(new ParameterSources(commandLine, projectProperties, fromFiles, FlywayParameters.ACCEPTED), null);
    }

    /** The Flyway configuration files this goal reads; none for goals without {@code configFiles}. */
    protected List<File> readConfigFiles() {
        return List.of();
    }

    protected String configFileEncoding() {
        return null;
    }

    /** The directory relative file parameters given as properties are resolved against. */
    protected File baseDirectoryForFiles() {
        return project.getBasedir();
    }

    /** The configuration files read, in order, with their keys. */
    protected final Map<File, Map<String, String>> configFiles() {
        return configFileKeys;
    }

    private static Map<String, String> properties(Properties properties) {
        Map<String, String> map = new HashMap<>();
        if (properties != null) {
            properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        }
        return map;
    }

    /** The connection this goal works with; its password is masked in everything the goal prints. */
    protected abstract ConnectionSettings connectionSettings() throws MojoFailureException;

    /** The user and password to use: those of {@code <server>} {@code serverId} in settings.xml when it is set. */
    protected final ConnectionSettings withCredentials(String url, String user, String password, String serverId)
            throws MojoFailureException {
        if (serverId != null && !serverId.isBlank()) {
            ServerCredentials credentials = ServerCredentials.lookup(serverId, session.getSettings(), settingsDecrypter);
            return new ConnectionSettings(url, credentials.user(), credentials.password());
        }
        return new ConnectionSettings(url, user, password);
    }

    // ConnectionSettings refuses a URL carrying a password, so the password itself is the one secret.
    private final Map<File, Map<String, String>> configFileKeys = new LinkedHashMap<>();

    private static List<String> secrets(ConnectionSettings connection) {
        return connection.password() == null ? List.of() : List.of(connection.password());
    }

    /** Writes a report to {@code output} when set, else to the log line by line. */
    protected void emit(String text, java.io.File output, Log log) throws MojoExecutionException {
        if (output == null) {
            text.lines().forEach(log::info);
            return;
        }
        try {
            java.nio.file.Path path = output.toPath().toAbsolutePath();
            if (path.getParent() != null) {
                java.nio.file.Files.createDirectories(path.getParent());
            }
            java.nio.file.Files.writeString(path, text);
            log.info("Written to " + path);
        } catch (java.io.IOException e) {
            throw new MojoExecutionException("Cannot write " + output + ": " + e.getMessage(), e);
        }
    }
}
