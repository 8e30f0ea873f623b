package io.schemaguard.shadow;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.flyway.DatabaseConnection;
import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.output.Log;
import io.schemaguard.settings.MigrationSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Builds the expected schema at a version: the migrations up to it, applied plainly on a shadow database. */
public final class ShadowReplay {
    private final Log log;

    public ShadowReplay(Log log) {
        this.log = log;
    }

    /**
     * @param schemas  the managed schemas (named explicitly: the shadow's default schema may differ from the target's)
     * @param excluded the history and audit tables, as {@code schema.table}
     * @param version  null when nothing is applied: the expected schema is empty
     */
    public CatalogSnapshot expectedAt(ShadowDatabase shadow, MigrationSettings settings, List<String> schemas, List<String> excluded,
                                      String version) {
        if (version != null) {
            new FlywayMigrations(settings.forShadow(shadow.connection(), schemas, version), Log.debugOnly(log)).migrate();
        }
        try (Connection connection = new DatabaseConnection(shadow.connection()).open()) {
            return CatalogSnapshot.take(connection, schemas, excluded);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the shadow's catalog: " + e.getMessage(), e);
        }
    }
}
