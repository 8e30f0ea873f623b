package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.flyway.DatabaseConnection;
import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.flyway.StatementGuard;
import io.schemaguard.output.Log;
import io.schemaguard.settings.MigrationSettings;
import io.schemaguard.shadow.ShadowDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Builds the expected schema at a version: the migrations up to it, applied plainly on a shadow
 * database. Repeatable migrations the target never ran are left out: they build nothing there yet.
 */
final class ShadowReplay {
    private final Log log;
    private final ManagedSchemas managed;
    private final Set<String> unappliedRepeatables;

    ShadowReplay(Log log, ManagedSchemas managed, Set<String> unappliedRepeatables) {
        this.log = log;
        this.managed = managed;
        this.unappliedRepeatables = Set.copyOf(unappliedRepeatables);
    }

    /** The schema at {@code version} (empty when null: nothing is applied). */
    CatalogSnapshot expectedAt(ShadowDatabase shadow, MigrationSettings settings, String version) {
        return expectedAt(shadow, settings, null, version, StatementGuard.passThrough());
    }

    /**
     * As above, with the migrations after {@code observedFrom} (all when null) run through
     * {@code observer}, which sees every statement and the end of every script.
     */
    CatalogSnapshot expectedAt(ShadowDatabase shadow, MigrationSettings settings, String observedFrom, String version,
                               StatementGuard observer) {
        Log quiet = Log.debugOnly(log);
        if (observedFrom != null) {
            migrate(shadow, settings, observedFrom, StatementGuard.passThrough(), quiet);
        }
        if (version != null) {
            migrate(shadow, settings, version, observer, quiet);
        }
        try (Connection connection = new DatabaseConnection(shadow.connection()).open()) {
            return CatalogSnapshot.take(connection, managed.schemas(), managed.excluded());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the shadow's catalog: " + e.getMessage(), e);
        }
    }

    private void migrate(ShadowDatabase shadow, MigrationSettings settings, String version, StatementGuard guard, Log quiet) {
        try (FlywayMigrations replay = new FlywayMigrations(settings.forShadow(shadow.connection(), managed.schemas(), version), quiet,
                guard, unappliedRepeatables)) {
            replay.migrate();
        }
    }
}
