package io.schemaguard.guard;

import io.schemaguard.catalog.CatalogSnapshot;
import io.schemaguard.catalog.DbObject;
import io.schemaguard.catalog.FactSet;
import io.schemaguard.catalog.ObjectKey;
import io.schemaguard.catalog.ObjectKind;
import io.schemaguard.flyway.MigrationStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The policies and triggers of the tables a migration adopts. A table is compared without them
 * (they are objects of their own), yet a policy filters the table's rows and a trigger acts on its
 * writes: each one found on an adopted table must be one that a migration up to the target creates
 * (this one, an applied one, or a later one, whose statement will collide with it and be judged).
 * Any other refuses the migration once its last statement has run. An adopted policy brings the
 * other policies of its table in too: which rows a policy lets through depends on them.
 */
final class AdoptedTableObjects {
    // Cloned triggers of a partition belong to the parent's trigger; tgparentid exists from PostgreSQL 13, hence to_jsonb.
    private static final String ON_ADOPTED_TABLES = """
            WITH adopted AS (
                SELECT c.oid, n.nspname, c.relname, a.kind
                FROM unnest(?::text[], ?::text[], ?::text[]) AS a(schema, name, kind)
                JOIN pg_catalog.pg_namespace n ON n.nspname = a.schema
                JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = a.name)
            SELECT 'POLICY', a.nspname, a.relname, pol.polname, a.kind
            FROM adopted a JOIN pg_catalog.pg_policy pol ON pol.polrelid = a.oid
            UNION ALL
            SELECT 'TRIGGER', a.nspname, a.relname, tg.tgname, a.kind
            FROM adopted a JOIN pg_catalog.pg_trigger tg ON tg.tgrelid = a.oid
            WHERE a.kind = 'TABLE' AND NOT tg.tgisinternal AND coalesce((to_jsonb(tg) ->> 'tgparentid')::oid, 0) = 0""";

    private Supplier<List<MigrationStatement>> migrations = List::of;
    // The CREATE POLICY and CREATE TRIGGER statements of the known migrations, parsed when first needed.
    private List<ObjectTarget> created;
    // Found on the running migration's adopted tables before its later statements ran, with what was adopted.
    private final Map<ObjectKey, String> found = new LinkedHashMap<>();

    void knownStatements(Supplier<List<MigrationStatement>> statements) {
        this.migrations = statements;
    }

    /** Flyway starts a migration (again, after a rollback): nothing of it is adopted yet. */
    void restart() {
        found.clear();
    }

    /** A statement was found identical and skipped: the policies and triggers its tables hold now are to be accounted for. */
    void adopted(Connection connection, ProbeResult result) throws SQLException {
        List<String> schemas = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        Map<String, String> adoptedBy = new LinkedHashMap<>();
        for (MovedIncumbent m : result.compared()) {
            ObjectTarget.Kind kind = m.target().kind();
            if (kind == ObjectTarget.Kind.TABLE || kind == ObjectTarget.Kind.POLICY) {
                String table = kind == ObjectTarget.Kind.TABLE ? m.target().name() : m.target().table();
                schemas.add(m.schema());
                tables.add(table);
                kinds.add(kind.name());
                adoptedBy.putIfAbsent(m.schema() + "." + table, kind == ObjectTarget.Kind.TABLE ? "table " + m.schema() + "." + table
                        : "policy " + m.target().name() + " on " + m.schema() + "." + table);
            }
        }
        if (tables.isEmpty()) {
            return;
        }
        try (PreparedStatement query = connection.prepareStatement(ON_ADOPTED_TABLES)) {
            query.setArray(1, connection.createArrayOf("text", schemas.toArray()));
            query.setArray(2, connection.createArrayOf("text", tables.toArray()));
            query.setArray(3, connection.createArrayOf("text", kinds.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ObjectKey key = new ObjectKey(ObjectKind.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4));
                    found.putIfAbsent(key, adoptedBy.get(key.schema() + "." + key.table()));
                }
            }
        }
    }

    /**
     * After the migration's last statement: refuses it when a policy or trigger found on its adopted
     * tables is still there and no migration creates it.
     */
    void completed(Connection connection, String script, String version) throws SQLException {
        if (found.isEmpty()) {
            return;
        }
        Map<ObjectKey, String> unnamed = new LinkedHashMap<>();
        found.forEach((key, adopted) -> {
            if (!createdByAMigration(key)) {
                unnamed.put(key, adopted);
            }
        });
        found.clear();
        if (unnamed.isEmpty()) {
            return;
        }
        // Read as stamp and verify read them, after the migration's statements (one may have dropped what was found).
        Set<String> schemas = new LinkedHashSet<>();
        Set<String> tables = new LinkedHashSet<>();
        unnamed.keySet().forEach(key -> {
            schemas.add(key.schema());
            tables.add(key.table());
        });
        CatalogSnapshot live = CatalogSnapshot.take(connection, schemas, List.of(), tables, EnumSet.of(FactSet.POLICIES, FactSet.TRIGGERS));
        List<DbObject> extra = new ArrayList<>();
        Set<String> adopted = new LinkedHashSet<>();
        unnamed.forEach((key, by) -> {
            Optional<DbObject> object = live.find(key);
            if (object.isPresent()) {
                extra.add(object.get());
                adopted.add(by);
            }
        });
        if (!extra.isEmpty()) {
            throw GuardRefusal.unbuilt(script, version, List.copyOf(adopted), extra, !connection.getAutoCommit());
        }
    }

    private boolean createdByAMigration(ObjectKey key) {
        if (created == null) {
            List<ObjectTarget> targets = new ArrayList<>();
            for (MigrationStatement statement : migrations.get()) {
                String sql = statement.sql().toLowerCase(Locale.ROOT);
                if (sql.contains("policy") || sql.contains("trigger")) {
                    StatementTarget.of(statement.sql()).stream()
                            .filter(t -> t.kind() == ObjectTarget.Kind.POLICY || t.kind() == ObjectTarget.Kind.TRIGGER).forEach(targets::add);
                }
            }
            created = targets;
        }
        return created.stream().anyMatch(t -> t.kind().name().equals(key.kind().name()) && t.name().equals(key.name())
                && t.table().equals(key.table()) && (t.tableSchema() == null || t.tableSchema().equals(key.schema())));
    }
}
