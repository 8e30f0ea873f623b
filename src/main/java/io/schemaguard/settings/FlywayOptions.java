package io.schemaguard.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Flyway's own settings that this plugin hands to Flyway unchanged, under Flyway's configuration
 * keys ({@code flyway.placeholderPrefix} …), so that Flyway parses and checks their values as it
 * does for its own plugin. Only the keys listed in {@link #PASSED} are accepted.
 *
 * @param configuration Flyway configuration keys and values, as Flyway reads them from a {@code flyway.conf}
 */
public record FlywayOptions(Map<String, String> configuration) {
    public static final FlywayOptions DEFAULT = new FlywayOptions(Map.of());

    /** The flyway-maven-plugin parameters passed to Flyway as they are (their configuration key is {@code flyway.<name>}). */
    public static final Set<String> PASSED = Set.of("placeholderPrefix", "placeholderSuffix", "placeholderSeparator",
            "placeholderReplacement", "scriptPlaceholderPrefix", "scriptPlaceholderSuffix", "installedBy", "initSql", "outOfOrder",
            "validateOnMigrate", "ignoreMigrationPatterns", "sqlMigrationPrefix", "sqlMigrationSeparator", "sqlMigrationSuffixes",
            "repeatableSqlMigrationPrefix", "encoding", "createSchemas", "connectRetries", "connectRetriesInterval", "group", "mixed",
            "cleanDisabled", "baselineVersion", "baselineDescription", "tablespace", "lockRetryCount", "validateMigrationNaming",
            "failOnMissingLocations", "skipDefaultCallbacks");

    /**
     * Java callbacks by class name, loaded by Flyway with the configuration's class loader and run by every replay
     * too (the shadow's Flyway is configured from these same settings). Not a goal parameter until the goals give
     * Flyway the project's classes.
     */
    public static final String CALLBACKS = "callbacks";

    private static final String PREFIX = "flyway.";

    public FlywayOptions {
        Map<String, String> kept = new TreeMap<>();
        (configuration == null ? Map.<String, String>of() : configuration).forEach((key, value) -> {
            if (value == null) {
                return;
            }
            if (!key.startsWith(PREFIX) || !PASSED.contains(key.substring(PREFIX.length())) && !key.equals(PREFIX + CALLBACKS)) {
                throw new IllegalArgumentException("'" + key + "' is not a Flyway setting this plugin passes to Flyway");
            }
            kept.put(key, value);
        });
        configuration = Map.copyOf(kept);
        integer(configuration, "connectRetries", 0);
        integer(configuration, "connectRetriesInterval", 120);
    }

    /** From parameter names ({@code installedBy}) to values; null values are left out (Flyway's default). */
    public static FlywayOptions of(Map<String, String> parameters) {
        Map<String, String> configuration = new LinkedHashMap<>();
        parameters.forEach((name, value) -> configuration.put(PREFIX + name, value));
        return new FlywayOptions(configuration);
    }

    /** The value of a parameter by its Flyway name ({@code initSql}), or null when not set. */
    public String get(String name) {
        return configuration.get(PREFIX + name);
    }

    /** The SQL Flyway runs on every connection it opens, run on this plugin's own connections too. */
    public String initSql() {
        String sql = get("initSql");
        return sql == null || sql.isBlank() ? null : sql;
    }

    /** How many times a connection that cannot reach the server is retried (Flyway's {@code connectRetries}). */
    public int connectRetries() {
        return integer(configuration, "connectRetries", 0);
    }

    /** The longest pause between two connection attempts, in seconds (Flyway's {@code connectRetriesInterval}, default 120). */
    public int connectRetriesInterval() {
        return integer(configuration, "connectRetriesInterval", 120);
    }

    private static int integer(Map<String, String> configuration, String name, int fallback) {
        String value = configuration.get(PREFIX + name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of 0 or more, not '" + value + "'. Nothing was changed.");
        }
    }
}
