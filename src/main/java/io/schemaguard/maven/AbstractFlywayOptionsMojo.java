package io.schemaguard.maven;

import io.schemaguard.settings.FlywayOptions;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flyway-maven-plugin parameters that this plugin hands to Flyway unchanged, under Flyway's names.
 * Each is also read from {@code -Dschema.<name>} and {@code -Dflyway.<name>} (which win over the pom),
 * the project's properties, and {@code configFiles}.
 */
abstract class AbstractFlywayOptionsMojo extends AbstractDatabaseMojo {

    /** The prefix of every placeholder in migrations (Flyway's default <code>${</code>). */
    @Parameter
    protected String placeholderPrefix;

    /** The suffix of every placeholder in migrations (Flyway's default <code>}</code>). */
    @Parameter
    protected String placeholderSuffix;

    /** The separator of default placeholders such as {@code ${flyway:defaultSchema}} (Flyway's default {@code :}). */
    @Parameter
    protected String placeholderSeparator;

    /** Whether placeholders are replaced at all (default true); with false, {@code ${name}} stays as written. */
    @Parameter
    protected Boolean placeholderReplacement;

    /** The prefix of placeholders in script names, e.g. in callbacks (Flyway's default {@code FP__}). */
    @Parameter
    protected String scriptPlaceholderPrefix;

    /** The suffix of placeholders in script names (Flyway's default {@code __}). */
    @Parameter
    protected String scriptPlaceholderSuffix;

    /** The user recorded in the history table's {@code installed_by} (default: the connecting user). */
    @Parameter
    protected String installedBy;

    /**
     * SQL run on every new connection, as in Flyway, e.g. {@code SET ROLE app_owner}: on Flyway's connections
     * and on this plugin's own (the guard's checks and the shadow replay see the same session).
     */
    @Parameter
    protected String initSql;

    /** Apply a pending migration whose version is below the current one instead of refusing it (default false). */
    @Parameter
    protected Boolean outOfOrder;

    /** Validate the applied migrations against their files before migrating (default true). */
    @Parameter
    protected Boolean validateOnMigrate;

    /**
     * Validation findings to ignore, as Flyway writes them: {@code *:missing}, {@code versioned:ignored},
     * {@code *:future}…
     */
    @Parameter
    protected List<String> ignoreMigrationPatterns;

    /** The file name prefix of versioned SQL migrations (default {@code V}). */
    @Parameter
    protected String sqlMigrationPrefix;

    /** The separator between version and description in file names (default {@code __}). */
    @Parameter
    protected String sqlMigrationSeparator;

    /** The file name suffixes of SQL migrations (default {@code .sql}). */
    @Parameter
    protected List<String> sqlMigrationSuffixes;

    /** The file name prefix of repeatable SQL migrations (default {@code R}). */
    @Parameter
    protected String repeatableSqlMigrationPrefix;

    /** The encoding of SQL migrations (default UTF-8). */
    @Parameter
    protected String encoding;

    /** Whether Flyway creates the managed {@code schemas} that do not exist (default true). */
    @Parameter
    protected Boolean createSchemas;

    /** How many times a connection is retried while the server is out of reach (default 0). */
    @Parameter
    protected Integer connectRetries;

    /** The longest pause between two connection attempts, in seconds (default 120). */
    @Parameter
    protected Integer connectRetriesInterval;

    /**
     * Run all pending migrations in one transaction (default false): a refusal or failure of one rolls back
     * every migration of the run.
     */
    @Parameter
    protected Boolean group;

    /**
     * Allow a migration to mix statements that must run outside a transaction ({@code CREATE INDEX CONCURRENTLY})
     * with others (default false); such a migration then runs without a transaction, as in Flyway.
     */
    @Parameter
    protected Boolean mixed;

    /** Whether {@code schema:clean} (Flyway's clean) is refused (default true, as in Flyway); {@code false} lets it drop the managed schemas' objects. */
    @Parameter
    protected Boolean cleanDisabled;

    /** The version {@code schema:baseline} records, after verifying the migrations up to it (default 1, as in Flyway). */
    @Parameter
    protected String baselineVersion;

    /** The description {@code schema:baseline} records (default {@code << Flyway Baseline >>}, as in Flyway). */
    @Parameter
    protected String baselineDescription;

    /** The tablespace of the history table when Flyway creates it (default: the schema's). */
    @Parameter
    protected String tablespace;

    /** How many times Flyway retries taking its lock on the history table, once a second (default 50). */
    @Parameter
    protected Integer lockRetryCount;

    /** Whether a misnamed file in the locations fails the build (default here: true; Flyway's: false). */
    @Parameter
    protected Boolean validateMigrationNaming;

    /** Whether a missing location fails the build (default here: true). */
    @Parameter
    protected Boolean failOnMissingLocations;

    /** Skip Flyway's default callbacks: the SQL callbacks ({@code beforeMigrate.sql}…) in the locations (default false). */
    @Parameter
    protected Boolean skipDefaultCallbacks;

    /**
     * Java callbacks, as in Flyway: fully qualified names of classes implementing Flyway's {@code Callback}, or
     * packages to scan for them. They are loaded from the project's output directories and dependencies (the goal
     * resolves them, as flyway-maven-plugin does) and run wherever Flyway runs the migrations.
     */
    @Parameter
    protected List<String> callbacks;

    /**
     * Flyway configuration files ({@code flyway.url=…} lines), read by Flyway's own loader; later files win.
     * Their settings have the lowest precedence: below the pom's and every property.
     */
    @Parameter
    protected List<String> configFiles;

    /** The encoding of {@code configFiles} (default UTF-8). */
    @Parameter
    protected String configFileEncoding;

    /** The directory that relative {@code filesystem:} locations and {@code configFiles} are resolved against (default: the project's). */
    @Parameter
    protected File workingDirectory;

    /**
     * Flyway's baselineOnMigrate. A baseline records {@code baselineVersion} without checking anything, so here
     * it is never done blindly: with {@code guard=verify} (the default) an upgrade adopts a schema that holds
     * objects but no history table verified (each migration's objects compared with what is there, identical
     * ones adopted, different ones refused), whether or not this is set. With {@code guard=off} it is refused:
     * {@code mvn schema:stamp -Dschema.version=latest} is the verified way in.
     */
    @Parameter
    protected Boolean baselineOnMigrate;

    /** The JDBC driver; only PostgreSQL's ({@code org.postgresql.Driver}) is accepted. */
    @Parameter
    protected String driver;

    /** The Flyway settings above that are set, under their Flyway names. */
    protected final FlywayOptions flywayOptions() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("placeholderPrefix", placeholderPrefix);
        given.put("placeholderSuffix", placeholderSuffix);
        given.put("placeholderSeparator", placeholderSeparator);
        given.put("placeholderReplacement", text(placeholderReplacement));
        given.put("scriptPlaceholderPrefix", scriptPlaceholderPrefix);
        given.put("scriptPlaceholderSuffix", scriptPlaceholderSuffix);
        given.put("installedBy", installedBy);
        given.put("initSql", initSql);
        given.put("outOfOrder", text(outOfOrder));
        given.put("validateOnMigrate", text(validateOnMigrate));
        given.put("ignoreMigrationPatterns", text(ignoreMigrationPatterns));
        given.put("sqlMigrationPrefix", sqlMigrationPrefix);
        given.put("sqlMigrationSeparator", sqlMigrationSeparator);
        given.put("sqlMigrationSuffixes", text(sqlMigrationSuffixes));
        given.put("repeatableSqlMigrationPrefix", repeatableSqlMigrationPrefix);
        given.put("encoding", encoding);
        given.put("createSchemas", text(createSchemas));
        given.put("connectRetries", text(connectRetries));
        given.put("connectRetriesInterval", text(connectRetriesInterval));
        given.put("group", text(group));
        given.put("mixed", text(mixed));
        given.put("cleanDisabled", text(cleanDisabled));
        given.put("baselineVersion", baselineVersion);
        given.put("baselineDescription", baselineDescription);
        given.put("tablespace", tablespace);
        given.put("lockRetryCount", text(lockRetryCount));
        given.put("validateMigrationNaming", text(validateMigrationNaming));
        given.put("failOnMissingLocations", text(failOnMissingLocations));
        given.put("skipDefaultCallbacks", text(skipDefaultCallbacks));
        given.put("callbacks", text(callbacks));
        given.values().removeIf(value -> value == null);
        return FlywayOptions.of(given);
    }

    @Override
    protected final List<File> readConfigFiles() {
        return configFiles == null ? List.of() : configFiles.stream().map(String::trim).filter(f -> !f.isEmpty()).map(f -> {
            File file = new File(f);
            return file.isAbsolute() ? file : new File(baseDirectory(), f);
        }).toList();
    }

    @Override
    protected final String configFileEncoding() {
        return configFileEncoding;
    }

    @Override
    protected final File baseDirectoryForFiles() {
        return baseDirectory();
    }

    /** The directory relative paths are resolved against: {@code workingDirectory}, else the project's. */
    protected final File baseDirectory() {
        if (workingDirectory != null) {
            return workingDirectory.isAbsolute() ? workingDirectory : new File(project.getBasedir(), workingDirectory.getPath());
        }
        return project.getBasedir();
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) {
            return list.isEmpty() ? null : String.join(",", list.stream().map(String::valueOf).toList());
        }
        return value == null ? null : value.toString();
    }
}
