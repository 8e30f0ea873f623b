package io.schemaguard.settings;

import io.schemaguard.catalog.CompareMode;

import java.util.List;
import java.util.Map;

/**
 * Everything that says which migrations apply to which database, as Flyway's own settings.
 *
 * @param schemas       managed schemas; the first holds the history table (empty: Flyway's default)
 * @param defaultSchema schema for the history table and the search path (null: first of {@code schemas})
 * @param locations     Flyway locations ({@code filesystem:…} with absolute paths, or {@code classpath:…})
 * @param table         the history table's name
 * @param placeholders  values for {@code ${name}} placeholders in migrations
 * @param target        the version to migrate up to (null: latest)
 * @param compare       whether owners, privileges and comments are differences ({@code STRICT}) or only reported
 */
public record MigrationSettings(
        ConnectionSettings connection,
        List<String> schemas,
        String defaultSchema,
        List<String> locations,
        String table,
        Map<String, String> placeholders,
        String target,
        GuardMode guard,
        boolean dryRun,
        CompareMode compare) {

    public static final String DEFAULT_TABLE = "flyway_schema_history";

    public MigrationSettings {
        schemas = schemas == null ? List.of() : schemas.stream().filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
        defaultSchema = defaultSchema == null || defaultSchema.isBlank() ? null : defaultSchema.trim();
        locations = locations == null ? List.of() : locations.stream().filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
        table = table == null || table.isBlank() ? DEFAULT_TABLE : table.trim();
        placeholders = placeholders == null ? Map.of() : Map.copyOf(placeholders);
        target = target == null || target.isBlank() ? null : target.trim();
        guard = guard == null ? GuardMode.VERIFY : guard;
        compare = compare == null ? CompareMode.DEFAULT : compare;
    }

    public MigrationSettings(ConnectionSettings connection, List<String> schemas, String defaultSchema, List<String> locations,
                             String table, Map<String, String> placeholders, String target, GuardMode guard, boolean dryRun) {
        this(connection, schemas, defaultSchema, locations, table, placeholders, target, guard, dryRun, CompareMode.DEFAULT);
    }

    /** The same settings, comparing owners, privileges and comments as {@code compare} says. */
    public MigrationSettings comparing(CompareMode compare) {
        return new MigrationSettings(connection, schemas, defaultSchema, locations, table, placeholders, target, guard, dryRun, compare);
    }

    /** The schema that holds the history table, as Flyway chooses it. */
    public String historySchema() {
        if (defaultSchema != null) {
            return defaultSchema;
        }
        return schemas.isEmpty() ? null : schemas.get(0);
    }

    /** The same migrations, replayed plainly (no guard) up to {@code version} on another database, in the given schemas. */
    public MigrationSettings forShadow(ConnectionSettings shadow, List<String> managedSchemas, String version) {
        return new MigrationSettings(shadow, managedSchemas, defaultSchema, locations, table, placeholders, version, GuardMode.OFF, false,
                compare);
    }
}
