package io.schemaguard.maven;

import io.schemaguard.settings.ConnectionSettings;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** The target database's connection parameters: every goal that connects to it (all but start and stop). */
abstract class AbstractDatabaseMojo extends AbstractSchemaMojo {

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

    @Override
    protected final ConnectionSettings connectionSettings() throws MojoFailureException {
        return withCredentials(url, user, password, serverId);
    }
}
