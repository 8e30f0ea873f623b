package io.schemaguard.maven;

import io.schemaguard.catalog.CompareMode;
import io.schemaguard.flyway.DatabaseConnection;
import io.schemaguard.output.MaskingLog;
import io.schemaguard.settings.ConnectionSettings;
import io.schemaguard.settings.GuardMode;
import io.schemaguard.settings.LockSettings;
import io.schemaguard.settings.MigrationSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.List;
import java.util.Map;

/** Parameters that say which migrations and which history table: every goal but start/stop. */
abstract class AbstractMigrationMojo extends AbstractFlywayOptionsMojo {
    private static final String FILESYSTEM = "filesystem:";
    private static final String POSTGRES_DRIVER = "org.postgresql.Driver";

    /**
     * Schemas managed by the migrations; the first holds the history table. Default: the connection's
     * default schema. Plain identifiers (letters, digits, _ and $), at most 63 bytes each.
     */
    @Parameter(property = "schema.schemas")
    protected List<String> schemas;

    /**
     * Schema of the history table and first on the search path. Default: the first of {@code schemas}.
     * A plain identifier (letters, digits, _ and $), at most 63 bytes.
     */
    @Parameter(property = "schema.defaultSchema")
    protected String defaultSchema;

    /**
     * Where migrations are, as Flyway locations: {@code filesystem:dir} (relative to the project's
     * directory) or {@code classpath:package}.
     */
    @Parameter(property = "schema.locations", defaultValue = "filesystem:src/main/resources/db/migration")
    protected List<String> locations;

    /**
     * Name of the history table (Flyway's). A plain identifier (letters, digits, _ and $), at most 50
     * bytes, so that the names derived from it ({@code <table>_audit_id_seq}…) stay within PostgreSQL's 63.
     */
    @Parameter(property = "schema.table", defaultValue = MigrationSettings.DEFAULT_TABLE)
    protected String table;

    /** Values for {@code ${name}} placeholders in migrations and undo scripts. */
    @Parameter
    protected Map<String, String> placeholders;

    @Override
    protected final void run(ConnectionSettings connection, MaskingLog log) throws MojoExecutionException, MojoFailureException {
        if (connection.url() == null && !configFiles().isEmpty()) {
            throw new MojoFailureException("No database URL: neither <url>, -Dschema.url, -Dflyway.url, a project property nor the"
                    + " configuration file(s) " + configFiles().keySet() + " (flyway.url=…) set one. Nothing was done.");
        }
        if (driver != null && !driver.isBlank() && !driver.trim().equals(POSTGRES_DRIVER)) {
            throw new MojoFailureException("driver " + driver.trim() + " is not PostgreSQL's: this plugin works with PostgreSQL only,"
                    + " through " + POSTGRES_DRIVER + ". Remove <driver>. Nothing was done.");
        }
        MigrationSettings settings = migrationSettings(connection);
        checkBaselineOnMigrate(settings, log);
        // once, before anything connects: which database this goal works on (never the password)
        log.info("Target: " + new DatabaseConnection(connection).describe() + ", schemas "
                + (settings.schemas().isEmpty() ? "(the connection's current schema)" : String.join(", ", settings.schemas())));
        run(settings, log);
    }

    /** baselineOnMigrate is never a blind baseline: with the guard an upgrade adopts verified, without it the option is refused. */
    private void checkBaselineOnMigrate(MigrationSettings settings, MaskingLog log) throws MojoFailureException {
        if (!Boolean.TRUE.equals(baselineOnMigrate)) {
            return;
        }
        if (settings.guard() == GuardMode.OFF) {
            throw new MojoFailureException("baselineOnMigrate=true with guard=off would record a baseline without checking the schema."
                    + " To record a database that holds the migrations' objects but no history table, run"
                    + " mvn schema:stamp -Dschema.version=latest: it records the migrations only after verifying that every object"
                    + " they build is there and identical. Or leave guard at verify: the upgrade then adopts such a schema verified."
                    + " Nothing was done.");
        }
        log.info("baselineOnMigrate: a schema that holds objects but no history table is not baselined blindly here; the"
                + " upgrade adopts it verified (each migration's objects compared with those there: identical adopted, different refused).");
    }

    protected abstract void run(MigrationSettings settings, MaskingLog log) throws MojoExecutionException, MojoFailureException;

    protected GuardMode guardMode() {
        return GuardMode.VERIFY;
    }

    protected boolean dryRunMode() {
        return false;
    }

    /** How migration statements wait for other sessions' locks; throws IllegalArgumentException for a bad parameter. */
    protected LockSettings lockSettings() {
        return LockSettings.DEFAULT;
    }

    /** Whether owners, privileges and comments are compared; only the goals that compare say otherwise. */
    protected CompareMode compareMode() {
        return CompareMode.DEFAULT;
    }

    /** The version Flyway migrates up to: null (the latest) but for the goals that declare {@code target} and pass it on. */
    protected String upgradeTarget() {
        return null;
    }

    private MigrationSettings migrationSettings(ConnectionSettings connection) throws MojoFailureException {
        try {
            return new MigrationSettings(connection, schemas, defaultSchema, absoluteLocations(), table, placeholders, upgradeTarget(),
                    guardMode(), dryRunMode(), lockSettings(), compareMode(), flywayOptions());
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        }
    }

    // Flyway resolves relative filesystem paths against the working directory; users mean the project's directory (or workingDirectory).
    private List<String> absoluteLocations() {
        List<String> given = locations == null ? List.of() : locations;
        return given.stream().map(String::trim).filter(l -> !l.isEmpty()).map(location -> {
            if (!location.startsWith(FILESYSTEM)) {
                return location;
            }
            File dir = new File(location.substring(FILESYSTEM.length()));
            return FILESYSTEM + (dir.isAbsolute() ? dir : new File(baseDirectory(), dir.getPath())).getPath();
        }).toList();
    }

    protected static void requireFormat(String format) throws MojoFailureException {
        if (!"text".equals(format) && !"json".equals(format)) {
            throw new MojoFailureException("format must be 'text' or 'json', not '" + format + "'");
        }
    }

}
