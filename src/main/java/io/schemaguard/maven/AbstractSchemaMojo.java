package io.schemaguard.maven;

import io.schemaguard.output.Log;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.ConnectionSettings;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Connection parameters shared by every goal, and the mapping of engine failures to Maven's. */
abstract class AbstractSchemaMojo extends AbstractMojo {
    static final String PASSWORD_PROPERTY = "schema.password";
    private static final Pattern URL_PASSWORD = Pattern.compile("[?&]password=([^&]*)");

    /**
     * JDBC URL of the target database, e.g. {@code jdbc:postgresql://localhost:5432/app}.
     * When {@code schema:start} ran earlier in the build, its server's URL is the default.
     */
    @Parameter(property = "schema.url")
    protected String url;

    /** Database user. Ignored when {@code serverId} is set. */
    @Parameter(property = "schema.user")
    protected String user;

    /**
     * Database password; also read from the property {@code schema.password} (set by {@code schema:start}).
     * Prefer {@code serverId}: settings.xml can hold it encrypted. Never printed.
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

    @Component
    protected SettingsDecrypter settingsDecrypter;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping (schema.skip=true)");
            return;
        }
        ConnectionSettings connection = connectionSettings();
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

    protected ConnectionSettings connectionSettings() throws MojoFailureException {
        String effectiveUser = user;
        String effectivePassword = password != null ? password : passwordProperty();
        if (serverId != null && !serverId.isBlank()) {
            ServerCredentials credentials = ServerCredentials.lookup(serverId, session.getSettings(), settingsDecrypter);
            effectiveUser = credentials.user();
            effectivePassword = credentials.password();
        }
        return new ConnectionSettings(url, effectiveUser, effectivePassword);
    }

    private String passwordProperty() {
        String value = session.getUserProperties().getProperty(PASSWORD_PROPERTY);
        if (value == null) {
            value = session.getSystemProperties().getProperty(PASSWORD_PROPERTY);
        }
        return value != null ? value : project.getProperties().getProperty(PASSWORD_PROPERTY);
    }

    private static List<String> secrets(ConnectionSettings connection) {
        List<String> secrets = new ArrayList<>();
        secrets.add(connection.password());
        if (connection.url() != null) {
            Matcher m = URL_PASSWORD.matcher(connection.url());
            while (m.find()) {
                secrets.add(m.group(1));
            }
        }
        return secrets;
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
