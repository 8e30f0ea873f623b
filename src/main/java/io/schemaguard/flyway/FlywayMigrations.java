package io.schemaguard.flyway;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.MigrationSettings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.output.MigrateResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The one adapter over Flyway: configuration, discovery, migrate and info. Every use of
 * Flyway's classes stays in this package, and the Flyway version is pinned in the pom.
 */
public final class FlywayMigrations {
    private static final String FILESYSTEM = "filesystem:";

    private final MigrationSettings settings;
    private final DatabaseConnection connection;
    private final Flyway flyway;

    public FlywayMigrations(MigrationSettings settings, Log log) {
        this.settings = settings;
        this.connection = new DatabaseConnection(settings.connection());
        connection.validateUrl();
        // Flyway's log factory is process-wide; the fallback creator is the one that survives new Flyway instances.
        LogFactory.setFallbackLogCreator(new FlywayLogBridge(log));
        this.flyway = configure().load();
    }

    private FluentConfiguration configure() {
        FluentConfiguration config = Flyway.configure(FlywayMigrations.class.getClassLoader())
                .dataSource(connection.dataSource())
                .locations(settings.locations().toArray(String[]::new))
                .table(settings.table())
                .placeholders(settings.placeholders())
                .validateMigrationNaming(true)
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .connectRetries(0);
        if (!settings.schemas().isEmpty()) {
            config.schemas(settings.schemas().toArray(String[]::new));
        }
        if (settings.defaultSchema() != null) {
            config.defaultSchema(settings.defaultSchema());
        }
        if (settings.target() != null) {
            config.target(settings.target());
        }
        return config;
    }

    /** Checks what can be checked before touching the database: URL, reachability, credentials, locations. */
    public void checkInputs() {
        connection.validateUrl();
        if (settings.locations().isEmpty()) {
            throw new SchemaFailure("No migration locations configured. Set <locations> (default filesystem:src/main/resources/db/migration).");
        }
        for (String location : settings.locations()) {
            if (location.startsWith(FILESYSTEM)) {
                Path dir = Path.of(location.substring(FILESYSTEM.length()));
                if (!Files.isDirectory(dir)) {
                    throw new SchemaFailure("Migration location " + location + " does not exist (or is not a directory)."
                            + " Create it, or point <locations> at the directory that holds your V<version>__<description>.sql files.");
                }
            }
        }
        try (Connection ignored = connection.open()) {
            // reachable, database exists, credentials accepted
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All migrations, resolved and applied, in Flyway's order; fails when no migration file is found. */
    public List<MigrationEntry> entries() {
        MigrationInfo[] all = call(() -> flyway.info().all());
        if (Arrays.stream(all).noneMatch(info -> info.getState().isResolved())) {
            throw new SchemaFailure("No migrations found in " + String.join(", ", settings.locations())
                    + ". Put V<version>__<description>.sql files there, or point <locations> at them.");
        }
        return Arrays.stream(all).map(FlywayMigrations::entry).toList();
    }

    /** Plain Flyway migrate; returns the number of migrations applied. */
    public int migrate() {
        MigrateResult result = call(flyway::migrate);
        return result.migrationsExecuted;
    }

    public DatabaseConnection connection() {
        return connection;
    }

    private static MigrationEntry entry(MigrationInfo info) {
        return new MigrationEntry(
                info.getVersion() == null ? null : info.getVersion().getVersion(),
                info.getDescription(),
                info.getType() == null ? null : info.getType().name(),
                info.getScript(),
                info.getState().name(),
                info.getInstalledOn() == null ? null : info.getInstalledOn().toInstant(),
                info.getInstalledBy(),
                info.getExecutionTime(),
                info.getInstalledRank(),
                info.getChecksum());
    }

    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (FlywayException e) {
            throw FlywayFailures.translate(e);
        }
    }
}
