package io.schemaguard.settings;

import io.schemaguard.catalog.CompareMode;

import java.util.List;
import java.util.Map;

/**
 * Everything that says which migrations apply to which database, as Flyway's own settings.
 * The identifiers are checked here, before anything connects ({@link PlainIdentifier}).
 *
 * @param schemas       managed schemas; the first holds the history table (empty: Flyway's default)
 * @param defaultSchema schema for the history table and the search path (null: first of {@code schemas})
 * @param locations     Flyway locations ({@code filesystem:…} with absolute paths, or {@code classpath:…})
 * @param table         the history table's name
 * @param placeholders  values for {@code ${name}} placeholders in migrations
 * @param target        the version to migrate up to (null: latest)
 * @param locks         how migration statements wait for other sessions' locks
 * @throws IllegalArgumentException when {@code table}, {@code schemas} or {@code defaultSchema} is not a plain identifier, or too long
 * @param compare       whether owners, privileges and comments are differences ({@code STRICT}) or only reported
 * @param flyway        Flyway's own settings passed to it unchanged (placeholder syntax, file naming, installedBy, initSql…)
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
        LockSettings locks,
        CompareMode compare,
        FlywayOptions flyway) {

    public static final String DEFAULT_TABLE = "flyway_schema_history";

    public MigrationSettings {
        schemas = schemas == null ? List.of() : schemas.stream().filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
        defaultSchema = defaultSchema == null || defaultSchema.isBlank() ? null : defaultSchema.trim();
        locations = locations == null ? List.of() : locations.stream().filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
        table = table == null || table.isBlank() ? DEFAULT_TABLE : table.trim();
        placeholders = placeholders == null ? Map.of() : Map.copyOf(placeholders);
        target = target == null || target.isBlank() ? null : target.trim();
        guard = guard == null ? GuardMode.VERIFY : guard;
        locks = locks == null ? LockSettings.DEFAULT : locks;
        compare = compare == null ? CompareMode.DEFAULT : compare;
        flyway = flyway == null ? FlywayOptions.DEFAULT : flyway;
        PlainIdentifier.checkTable(table);
        schemas.forEach(schema -> PlainIdentifier.checkSchema("schemas", schema));
        if (defaultSchema != null) {
            PlainIdentifier.checkSchema("defaultSchema", defaultSchema);
        }
    }

    /** With PostgreSQL's lock waits (statements wait as long as a lock is held, and say who holds it), owners and privileges only reported. */
    public MigrationSettings(ConnectionSettings connection, List<String> schemas, String defaultSchema, List<String> locations, String table,
                             Map<String, String> placeholders, String target, GuardMode guard, boolean dryRun) {
        this(connection, schemas, defaultSchema, locations, table, placeholders, target, guard, dryRun, LockSettings.DEFAULT,
                CompareMode.DEFAULT, FlywayOptions.DEFAULT);
    }

    /** With Flyway's own settings at their defaults. */
    public MigrationSettings(ConnectionSettings connection, List<String> schemas, String defaultSchema, List<String> locations, String table,
                             Map<String, String> placeholders, String target, GuardMode guard, boolean dryRun, LockSettings locks,
                             CompareMode compare) {
        this(connection, schemas, defaultSchema, locations, table, placeholders, target, guard, dryRun, locks, compare, FlywayOptions.DEFAULT);
    }

    /** The same, with other Flyway settings passed to Flyway. */
    public MigrationSettings withFlyway(FlywayOptions other) {
        return new MigrationSettings(connection, schemas, defaultSchema, locations, table, placeholders, target, guard, dryRun, locks, compare,
                other);
    }

    /** The same, with other lock waits. */
    public MigrationSettings withLocks(LockSettings other) {
        return new MigrationSettings(connection, schemas, defaultSchema, locations, table, placeholders, target, guard, dryRun, other, compare, flyway);
    }

    /** The same settings, comparing owners, privileges and comments as {@code compare} says. */
    public MigrationSettings comparing(CompareMode compare) {
        return new MigrationSettings(connection, schemas, defaultSchema, locations, table, placeholders, target, guard, dryRun, locks, compare, flyway);
    }

    /** The schema that holds the history table, as Flyway chooses it. */
    public String historySchema() {
        if (defaultSchema != null) {
            return defaultSchema;
        }
        return schemas.isEmpty() ? null : schemas.get(0);
    }

    /**
     * The same migrations, replayed plainly (no guard) up to {@code version} on another database, in the given schemas,
     * with the same Flyway settings (placeholder syntax, file naming, initSql, group, mixed), so they parse and run alike.
     */
    public MigrationSettings forShadow(ConnectionSettings shadow, List<String> managedSchemas, String version) {
        return new MigrationSettings(shadow, managedSchemas, defaultSchema, locations, table, placeholders, version, GuardMode.OFF, false,
                LockSettings.DEFAULT, compare, flyway);
    }
}
