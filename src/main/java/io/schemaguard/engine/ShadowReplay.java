package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.FactSet;
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
    private final Set<FactSet> factSets;

    ShadowReplay(Log log, ManagedSchemas managed, Set<String> unappliedRepeatables) {
        this(log, managed, unappliedRepeatables, FactSet.ALL);
    }

    /** @param factSets what the snapshots read (an adoption's match needs no owners, privileges or comments unless compared) */
    ShadowReplay(Log log, ManagedSchemas managed, Set<String> unappliedRepeatables, Set<FactSet> factSets) {
        this.log = log;
        this.managed = managed;
        this.unappliedRepeatables = Set.copyOf(unappliedRepeatables);
        this.factSets = Set.copyOf(factSets);
    }

    Set<FactSet> factSets() {
        return factSets;
    }

    /** The schema at {@code version} (empty when null: nothing is applied). */
    ExpectedSchema expectedAt(ShadowDatabase shadow, MigrationSettings settings, String version) {
        return expectedAt(shadow, settings, null, version, StatementGuard.passThrough());
    }

    /**
     * As above, with the migrations after {@code observedFrom} (all when null) run through
     * {@code observer}, which sees every statement and the end of every script.
     */
    ExpectedSchema expectedAt(ShadowDatabase shadow, MigrationSettings settings, String observedFrom, String version,
                              StatementGuard observer) {
        Log quiet = Log.debugOnly(log);
        try (Connection reader = reader(shadow)) {
            CatalogSnapshot before = everySchema(reader);
            if (observedFrom != null) {
                migrate(shadow, settings, observedFrom, StatementGuard.passThrough(), quiet);
            }
            if (version != null) {
                migrate(shadow, settings, version, observer, quiet);
            }
            CatalogSnapshot after = everySchema(reader);
            ManagedSchemas scope = managed.and(touched(before, after));
            return new ExpectedSchema(after.within(scope.schemas()), scope);
        } catch (SQLException e) {
            throw cannotRead(e);
        }
    }

    /**
     * What one migration does: the migrations up to {@code previous} (none when null) replayed, then
     * those up to {@code version} with {@code observer}, the schema read before and after.
     */
    MigrationChange changeOf(ShadowDatabase shadow, MigrationSettings settings, String previous, String version, StatementGuard observer) {
        Log quiet = Log.debugOnly(log);
        try (Connection reader = reader(shadow)) {
            CatalogSnapshot empty = everySchema(reader);
            if (previous != null) {
                migrate(shadow, settings, previous, StatementGuard.passThrough(), quiet);
            }
            CatalogSnapshot before = previous == null ? empty : everySchema(reader);
            migrate(shadow, settings, version, observer, quiet);
            CatalogSnapshot after = everySchema(reader);
            // The migrations after it up to the target: a policy or trigger one of them creates is not extra beside its table.
            migrate(shadow, settings, settings.target(), StatementGuard.passThrough(), quiet);
            CatalogSnapshot atTarget = everySchema(reader);
            return new MigrationChange(before, after, atTarget, managed.and(touched(before, after)), managed.and(touched(empty, after)));
        } catch (SQLException e) {
            throw cannotRead(e);
        }
    }

    private static Set<String> touched(CatalogSnapshot before, CatalogSnapshot after) {
        return ShadowCatalog.touched(before, after);
    }

    // One session reads the shadow before and after the replay: its catalog queries are prepared once, not once per read.
    private static Connection reader(ShadowDatabase shadow) {
        return new DatabaseConnection(shadow.connection()).open();
    }

    private static IllegalStateException cannotRead(SQLException e) {
        return new IllegalStateException("Cannot read the shadow's catalog: " + e.getMessage(), e);
    }

    // Every schema but the system's: the shadow holds nothing but what the replay built (and what its template had).
    CatalogSnapshot everySchema(ShadowDatabase shadow) {
        try (Connection connection = reader(shadow)) {
            return everySchema(connection);
        } catch (SQLException e) {
            throw cannotRead(e);
        }
    }

    private CatalogSnapshot everySchema(Connection connection) throws SQLException {
        return ShadowCatalog.everySchema(connection, managed.excluded(), factSets);
    }

    private void migrate(ShadowDatabase shadow, MigrationSettings settings, String version, StatementGuard guard, Log quiet) {
        try (FlywayMigrations replay = new FlywayMigrations(settings.forShadow(shadow.connection(), managed.schemas(), version), quiet,
                guard, unappliedRepeatables)) {
            replay.migrate();
        }
    }
}
