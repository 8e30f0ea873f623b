package io.schemaguard.engine;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.FactSet;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shadow's catalog during a replay: what the migrations replayed so far build, in the managed
 * schemas and every other schema they built or changed objects in (compared there too).
 */
final class ShadowCatalog {
    private final CatalogSnapshot start;
    private final List<String> excluded;
    private final Set<FactSet> factSets;

    /** @param start the shadow before the replay (what its template holds), read with the same {@code factSets} */
    ShadowCatalog(CatalogSnapshot start, List<String> excluded, Set<FactSet> factSets) {
        this.start = start;
        this.excluded = List.copyOf(excluded);
        this.factSets = Set.copyOf(factSets);
    }

    /** What the replay built up to now, read on the replay's connection (inside the migration's transaction). */
    ExpectedSchema expected(Connection connection, ManagedSchemas managed) throws SQLException {
        CatalogSnapshot now = everySchema(connection, excluded, factSets);
        ManagedSchemas scope = managed.and(touched(start, now));
        return new ExpectedSchema(now.within(scope.schemas()), scope);
    }

    // Every schema but the system's: the shadow holds nothing but what the replay built (and what its template had).
    static CatalogSnapshot everySchema(Connection connection, List<String> excluded, Set<FactSet> factSets) throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'")) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        }
        return CatalogSnapshot.take(connection, schemas, excluded, List.of(), factSets);
    }

    // A migration may build in a schema it does not manage (CREATE TABLE app.t with schemas=public): compared there too.
    static Set<String> touched(CatalogSnapshot before, CatalogSnapshot after) {
        Set<String> schemas = new TreeSet<>();
        for (DbObject object : after.objects()) {
            if (!before.find(object.key()).equals(Optional.of(object))) {
                schemas.add(object.key().schema());
            }
        }
        before.objects().stream().filter(o -> after.find(o.key()).isEmpty()).forEach(o -> schemas.add(o.key().schema()));
        return schemas;
    }
}
