package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.CompareMode;
import io.schemaguard.catalog.FactSet;
import io.schemaguard.flyway.FlywayMigrations;
import io.schemaguard.guard.AuditTable;
import io.schemaguard.settings.MigrationSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What verify and stamp compare: the managed schemas (named explicitly, since a shadow's default
 * schema may differ from the target's), and the others the migrations build in, without the history
 * and audit tables.
 */
record ManagedSchemas(List<String> schemas, List<String> excluded) {

    /**
     * What a match needs read: everything, but owners, privileges and comments only when they count ({@code compare=strict});
     * otherwise they are only reported, and the catalog's most costly query.
     */
    static Set<FactSet> compared(CompareMode mode) {
        if (mode == CompareMode.STRICT) {
            return FactSet.ALL;
        }
        Set<FactSet> sets = EnumSet.copyOf(FactSet.ALL);
        sets.remove(FactSet.PRIVILEGES);
        return sets;
    }

    static ManagedSchemas of(FlywayMigrations target, MigrationSettings settings) {
        String historySchema = target.historySchema();
        List<String> schemas = settings.schemas().isEmpty() ? List.of(historySchema) : settings.schemas();
        return new ManagedSchemas(schemas, List.of(historySchema + "." + settings.table(),
                historySchema + "." + new AuditTable(historySchema, settings.table()).name()));
    }

    /** These schemas and some more (those a replay built objects in), without repeating any. */
    ManagedSchemas and(Collection<String> more) {
        Set<String> all = new LinkedHashSet<>(schemas);
        all.addAll(more);
        return new ManagedSchemas(List.copyOf(all), excluded);
    }

    CatalogSnapshot snapshot(FlywayMigrations target) {
        return snapshot(target, FactSet.ALL);
    }

    CatalogSnapshot snapshot(FlywayMigrations target, Set<FactSet> factSets) {
        try (Connection connection = target.connection().open()) {
            return CatalogSnapshot.take(connection, schemas, excluded, List.of(), factSets);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the target's catalog: " + e.getMessage(), e);
        }
    }
}
