package io.schemaguard.guard;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.FactSet;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a probe read from the catalog (schemas, object names, fact sets), to read the same again after building. */
record SnapshotScope(Set<String> schemas, Set<String> names, Set<FactSet> factSets) {
    SnapshotScope {
        schemas = Collections.unmodifiableSet(new LinkedHashSet<>(schemas));
        names = Collections.unmodifiableSet(new LinkedHashSet<>(names));
        factSets = Collections.unmodifiableSet(EnumSet.copyOf(factSets));
    }

    CatalogSnapshot take(Connection connection) throws SQLException {
        return CatalogSnapshot.take(connection, schemas, List.of(), names, factSets);
    }
}
