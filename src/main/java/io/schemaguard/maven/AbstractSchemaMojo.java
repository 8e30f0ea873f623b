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

/** Connection parameters shared by every goal, and the mapping of engine failures to Maven's. */
abstract class AbstractSchemaMojo extends AbstractMojo {
    static final String PASSWORD_PROPERTY = "schema.password";
    static final String URL_PROPERTY = "schema.url";

    /**
     * JDBC URL of the target database, e.g. {@code jdbc:postgresql://localhost:5432/app}; also read
     * from the property {@code schema.url}, which on the command line wins over this. When
     * {@code schema:start} ran earlier in the build, its server's URL is the default. A URL that
     * carries a password ({@code ?password=}, {@code user:password@host}) is refused: use
     * {@code serverId} or {@code password}.
     */
    // No property expression: Maven's -X prints evaluated parameters, and a URL given by mistake with a password must not appear.
    @Parameter
    protected String url;

    /** Database user. Ignored when {@code serverId} is set. */
    @Parameter(property = "schema.user")
    protected String user;

    /**
     * Database password; also read from the property {@code schema.password} (set by {@code schema:start}),
     * which on the command line wins over this. Prefer {@code serverId}: settings.xml can hold it
     * encrypted. Never printed.
     */
    // No property expression: Maven logs evaluated parameters with -X, and this one must never appear.
    @Parameter
    protected String password;

    /** Id of a {@code <server>} in settings.xml whose username and (possibly encrypted) password are used. */
    @Parameter(property = "schema.serverId")
    protected String serverId;

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

    protected ConnectionSettings connectionSettings() throws MojoFailureException {
        String effectiveUser = user;
        String effectivePassword = password;
        if (serverId != null && !serverId.isBlank()) {
            ServerCredentials credentials = ServerCredentials.lookup(serverId, session.getSettings(), settingsDecrypter);
            effectiveUser = credentials.user();
            effectivePassword = credentials.password();
        }
        return new ConnectionSettings(url, effectiveUser, effectivePassword);
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
