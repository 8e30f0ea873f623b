package io.schemaguard.guard;

import io.schemaguard.guard.ObjectTarget.Kind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the object a statement collided with, from the catalog, and moves it aside inside the
 * probe's savepoint. Everything it does is undone by rolling the savepoint back.
 */
final class IncumbentMover {
    static final String PROBE_SUFFIX = "__sg_probe";

    private final Connection connection;
    private final String probeSchema;
    // Random per probe: a fixed suffix could be the name of a user's object (users__sg_probe), and the rename would fail.
    private final String probeSuffix = PROBE_SUFFIX + "_" + java.util.UUID.randomUUID().toString().substring(0, 8);
    // Numbers the constraints moved with their columns, across all the columns of one statement.
    private int renamedConstraints;

    IncumbentMover(Connection connection, String probeSchema) {
        this.connection = connection;
        this.probeSchema = probeSchema;
    }

    private String probeName(String name) {
        return probeName(name, 0);
    }

    // Numbered when several objects are renamed at once: truncated to 63 bytes, two long names could otherwise meet.
    private String probeName(String name, int number) {
        String suffix = number == 0 ? probeSuffix : probeSuffix + "_" + number;
        return ServerName.truncated(name, ServerName.MAX_BYTES - suffix.length()) + suffix;
    }

    /** Finds the incumbent of {@code target} in the catalog, without touching it; empty when no such object exists. */
    Optional<MovedIncumbent> locate(ObjectTarget target) throws SQLException {
        return switch (target.kind()) {
            case TABLE, VIEW, MATERIALIZED_VIEW, SEQUENCE, INDEX -> locateRelation(target);
            case COLUMN -> locateInTable(target,
                    "SELECT 1 FROM pg_attribute WHERE attrelid = ?::regclass AND attname = ? AND attnum > 0 AND NOT attisdropped");
            case CONSTRAINT -> locateInTable(target, "SELECT 1 FROM pg_constraint WHERE conrelid = ?::regclass AND conname = ?");
            case TRIGGER -> locateInTable(target,
                    "SELECT 1 FROM pg_trigger WHERE tgrelid = ?::regclass AND tgname = ? AND NOT tgisinternal");
            case POLICY -> locateInTable(target, "SELECT 1 FROM pg_policy WHERE polrelid = ?::regclass AND polname = ?");
            case FUNCTION -> locateFunctions(target);
            case TYPE, DOMAIN -> locateType(target);
            case SCHEMA -> exists("SELECT 1 FROM pg_namespace WHERE nspname = ?", target.name())
                    ? Optional.of(new MovedIncumbent(target, target.name(), null)) : Optional.empty();
            case EXTENSION -> exists("SELECT 1 FROM pg_extension WHERE extname = ?", target.name())
                    ? Optional.of(new MovedIncumbent(target, null, null)) : Optional.empty();
        };
    }

    /**
     * Puts a located incumbent out of the statement's way: types and domains move to the probe schema
     * (a function's overloads too, one at a time: {@link #moveRoutine}); relations (with what they own), indexes,
     * columns (with their sequences), constraints, triggers and policies are renamed in place.
     */
    void moveAside(MovedIncumbent incumbent) throws SQLException {
        ObjectTarget target = incumbent.target();
        String schema = incumbent.schema();
        String moved = q(probeName(target.name()));
        switch (target.kind()) {
            case INDEX -> execute("ALTER INDEX " + q(schema) + "." + q(target.name()) + " RENAME TO " + moved);
            case TABLE, VIEW, MATERIALIZED_VIEW, SEQUENCE -> renameRelation(target.kind(), schema, target.name());
            case COLUMN -> renameColumn(schema, target.table(), target.name(), moved);
            case CONSTRAINT -> execute("ALTER TABLE " + q(schema) + "." + q(target.table()) + " RENAME CONSTRAINT " + q(target.name())
                    + " TO " + moved);
            case TRIGGER -> execute("ALTER TRIGGER " + q(target.name()) + " ON " + q(schema) + "." + q(target.table()) + " RENAME TO " + moved);
            case POLICY -> execute("ALTER POLICY " + q(target.name()) + " ON " + q(schema) + "." + q(target.table()) + " RENAME TO " + moved);
            case FUNCTION -> throw new IllegalArgumentException("a function's overloads move one at a time (moveRoutine): " + target.name());
            case TYPE -> execute(typeMove(schema, target.name()));
            case DOMAIN -> execute("ALTER DOMAIN " + q(schema) + "." + q(target.name()) + " SET SCHEMA " + q(probeSchema));
            case SCHEMA, EXTENSION -> { }
        }
    }

    /**
     * A type into the probe schema. A range type's constructor functions and its multirange (with
     * the multirange's constructors) stay behind when the range moves, and would take the
     * candidate's names: they move too, the routines first, named while the types are still where
     * their signatures say. pg_range has rngmultitypid only from PostgreSQL 14, hence to_jsonb.
     */
    private String typeMove(String schema, String name) throws SQLException {
        String type = q(schema) + "." + q(name);
        StringBuilder routines = new StringBuilder();
        StringBuilder multirange = new StringBuilder();
        for (String[] companion : rows("SELECT 'routine', d.objid::regprocedure::text FROM pg_range r JOIN pg_depend d"
                + " ON d.refclassid = 'pg_type'::regclass AND d.refobjid IN (r.rngtypid, (to_jsonb(r) ->> 'rngmultitypid')::oid)"
                + " AND d.classid = 'pg_proc'::regclass AND d.deptype = 'i' WHERE r.rngtypid = to_regtype(?)"
                + " UNION ALL SELECT 'type', (to_jsonb(r) ->> 'rngmultitypid')::oid::regtype::text FROM pg_range r"
                + " WHERE r.rngtypid = to_regtype(?) AND to_jsonb(r) ->> 'rngmultitypid' IS NOT NULL", type, type)) {
            if (companion[0].equals("routine")) {
                routines.append("ALTER ROUTINE ").append(companion[1]).append(" SET SCHEMA ").append(q(probeSchema)).append(";\n");
            } else {
                multirange.append(";\nALTER TYPE ").append(companion[1]).append(" SET SCHEMA ").append(q(probeSchema));
            }
        }
        return routines + "ALTER TYPE " + type + " SET SCHEMA " + q(probeSchema) + multirange;
    }

    /**
     * The overloads of a located function, each as {regprocedure to move it by, name(argument types) as
     * the catalog model names it}: which one collided is found by moving one at a time (the others stay, for a
     * candidate whose body calls them). A range type's constructors and extension members are not the user's.
     */
    List<String[]> overloads(MovedIncumbent function) throws SQLException {
        return rows("SELECT p.oid::regprocedure::text, p.proname || '(' || oidvectortypes(p.proargtypes) || ')' FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ? AND p.proname = ? AND NOT EXISTS (SELECT 1"
                + " FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype IN ('e', 'i'))"
                + " ORDER BY 2", function.schema(), function.target().name());
    }

    /** Moves one overload (a regprocedure from {@link #overloads}) to the probe schema. */
    void moveRoutine(String regprocedure) throws SQLException {
        execute("ALTER ROUTINE " + regprocedure + " SET SCHEMA " + q(probeSchema));
    }

    /**
     * Renames a column with the sequences it owns (serial, identity): the candidate's own get the
     * names PostgreSQL generates, the incumbent's, instead of {@code t_c_seq1}. Owned sequences live in the table's schema.
     */

    /**
     * Empties a table that holds rows, with the tables whose foreign keys reference it (TRUNCATE
     * CASCADE), so that a candidate column, constraint or index is built without a row being read,
     * checked or rewritten: the comparison reads the catalog only, and the probe's savepoint brings
     * every row back. Left alone when a foreign table (truncated on its server) or a TRUNCATE trigger
     * (the user's code) is among those tables, or the relation is no table: then the candidate meets the rows.
     */
    void emptyTable(String schema, String table) throws SQLException {
        String relation = q(schema) + "." + q(table);
        String truncate = single("WITH RECURSIVE reached(oid) AS (SELECT c.oid FROM pg_class c WHERE c.oid = ?::regclass"
                + " AND c.relkind IN ('r', 'p') UNION SELECT x.oid FROM reached r CROSS JOIN LATERAL (SELECT i.inhrelid FROM pg_inherits i"
                + " WHERE i.inhparent = r.oid UNION ALL SELECT k.conrelid FROM pg_constraint k WHERE k.contype = 'f' AND k.confrelid = r.oid) x(oid))"
                + " SELECT CASE WHEN EXISTS (SELECT 1 FROM reached) AND NOT EXISTS (SELECT 1 FROM reached r JOIN pg_class c ON c.oid = r.oid"
                + " WHERE c.relkind = 'f') AND NOT EXISTS (SELECT 1 FROM reached r JOIN pg_trigger t ON t.tgrelid = r.oid"
                + " WHERE NOT t.tgisinternal AND t.tgtype & 32 <> 0) THEN EXISTS (SELECT FROM " + relation + ") END::text", relation);
        if ("true".equals(truncate)) {
            execute("TRUNCATE " + relation + " CASCADE");
        }
    }

    /** Whether moving this kind aside needs the probe schema (the others are renamed in place). */
    static boolean movesToProbeSchema(Kind kind) {
        return switch (kind) {
            case FUNCTION, TYPE, DOMAIN -> true;
            default -> false;
        };
    }

    /**
     * Renames a relation in place, with the indexes, sequences and constraints it owns: PostgreSQL
     * generates those names again for the candidate, unique within the schema. In place rather than
     * into the probe schema, because creating a schema makes the server drop every cached plan of
     * the session. Inherited constraints cannot be renamed; the candidate's may then get other names.
     * A partition is detached (its attachment is already in the snapshot taken before).
     */
    private void renameRelation(Kind kind, String schema, String name) throws SQLException {
        String relation = q(schema) + "." + q(name);
        StringBuilder renames = new StringBuilder();
        int n = 0;
        for (String[] owned : rows("SELECT c.relkind::text, c.relname FROM pg_class c WHERE c.relnamespace = "
                + "(SELECT relnamespace FROM pg_class WHERE oid = ?::regclass) AND (c.oid IN (SELECT indexrelid FROM pg_index"
                + " WHERE indrelid = ?::regclass) OR c.relkind = 'S' AND c.oid IN (SELECT objid FROM pg_depend WHERE classid ="
                + " 'pg_class'::regclass AND refclassid = 'pg_class'::regclass AND refobjid = ?::regclass AND deptype IN ('a', 'i')))"
                + " UNION ALL SELECT 'constraint', conname FROM pg_constraint WHERE conrelid = ?::regclass"
                + " AND contype NOT IN ('p', 'u', 'x') AND coninhcount = 0"
                + " UNION ALL SELECT 'parent', inhparent::regclass::text FROM pg_inherits WHERE inhrelid = ?::regclass"
                + " AND (SELECT relispartition FROM pg_class WHERE oid = ?::regclass)", relation, relation, relation, relation, relation, relation)) {
            // A partition leaves its parent first: the candidate's bounds would overlap the incumbent's. Emptied before, it holds
            // no row a foreign key to the parent references (the detach would check them all, and refuse).
            if (owned[0].equals("parent")) {
                renames.insert(0, "ALTER TABLE " + owned[1] + " DETACH PARTITION " + relation + ";\n");
                emptyTable(schema, name);
                continue;
            }
            String renamed = q(probeName(owned[1], ++n));
            switch (owned[0]) {
                case "S" -> renames.append("ALTER SEQUENCE ").append(q(schema)).append('.').append(q(owned[1])).append(" RENAME");
                case "constraint" -> renames.append("ALTER TABLE ").append(relation).append(" RENAME CONSTRAINT ").append(q(owned[1]));
                default -> renames.append("ALTER INDEX ").append(q(schema)).append('.').append(q(owned[1])).append(" RENAME");
            }
            renames.append(" TO ").append(renamed).append(";\n");
        }
        renames.append("ALTER ").append(kind.name().replace('_', ' ')).append(' ').append(relation)
                .append(" RENAME TO ").append(q(probeName(name)));
        execute(renames.toString());
    }

    /**
     * Renames a column with the constraints on it alone (its inline REFERENCES, UNIQUE, CHECK): the candidate's
     * column then gets the names PostgreSQL generates for them (t_x_fkey, not t_x_fkey1), as the incumbent's did.
     */
    private void renameColumn(String schema, String table, String column, String moved) throws SQLException {
        String relation = q(schema) + "." + q(table);
        StringBuilder renames = new StringBuilder();
        // the sequence a serial column owns moves too: the candidate's own sequence gets the real name, and is compared
        int n = 0;
        for (String sequence : column("SELECT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid"
                + " JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                + " WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = ?::regclass"
                + " AND a.attname = ? AND s.relkind = 'S' AND d.deptype IN ('a', 'i')", relation, column)) {
            renames.append("ALTER SEQUENCE ").append(q(schema)).append('.').append(q(sequence)).append(" RENAME TO ")
                    .append(q(probeName(sequence, ++n))).append(";\n");
        }
        for (String constraint : column("SELECT con.conname FROM pg_constraint con JOIN pg_attribute a ON a.attrelid = con.conrelid"
                + " AND con.conkey = ARRAY[a.attnum] WHERE con.conrelid = ?::regclass AND a.attname = ?"
                + " AND con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.coninhcount = 0 AND strpos(con.conname, ?) = 0",
                relation, column, PROBE_SUFFIX)) {
            renames.append("ALTER TABLE ").append(relation).append(" RENAME CONSTRAINT ").append(q(constraint)).append(" TO ")
                    .append(q(probeName(constraint, ++renamedConstraints))).append(";\n");
        }
        execute(renames + "ALTER TABLE " + relation + " RENAME COLUMN " + q(column) + " TO " + moved);
    }

    private Optional<MovedIncumbent> locateRelation(ObjectTarget target) throws SQLException {
        // One round trip: a probe runs for every colliding statement.
        String schema;
        String relkind;
        try (PreparedStatement statement = connection.prepareStatement("SELECT s.nspname, c.relkind::text"
                + " FROM (SELECT coalesce(?::text, current_schema()) AS nspname) s"
                + " LEFT JOIN pg_namespace n ON n.nspname = s.nspname"
                + " LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = ?")) {
            statement.setString(1, target.schema());
            statement.setString(2, target.name());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                schema = rs.getString(1);
                relkind = rs.getString(2);
            }
        }
        if (relkind == null) {
            return Optional.empty();
        }
        String found = switch (relkind) {
            case "r", "p" -> "TABLE";
            case "v" -> "VIEW";
            case "m" -> "MATERIALIZED VIEW";
            case "S" -> "SEQUENCE";
            case "i", "I" -> "INDEX";
            case "f" -> "FOREIGN TABLE";
            default -> "TYPE";
        };
        String expected = target.kind().name().replace('_', ' ');
        return Optional.of(new MovedIncumbent(target, schema, found.equals(expected) ? null : found.toLowerCase()));
    }

    private Optional<MovedIncumbent> locateInTable(ObjectTarget target, String existsQuery) throws SQLException {
        String schema = tableSchema(target);
        if (schema == null || !exists(existsQuery, q(schema) + "." + q(target.table()), target.name())) {
            return Optional.empty();
        }
        return Optional.of(new MovedIncumbent(target, schema, null));
    }

    private Optional<MovedIncumbent> locateFunctions(ObjectTarget target) throws SQLException {
        String schema = target.schema() != null ? target.schema() : currentSchema();
        MovedIncumbent function = new MovedIncumbent(target, schema, null);
        return overloads(function).isEmpty() ? Optional.empty() : Optional.of(function);
    }

    private Optional<MovedIncumbent> locateType(ObjectTarget target) throws SQLException {
        String schema = target.schema() != null ? target.schema() : currentSchema();
        // typtype 'r' is a range type; a relation's row type is told by its pg_class row, marked with a '+'.
        String typtype = single("SELECT t.typtype::text || CASE WHEN t.typrelid <> 0 AND c.relkind <> 'c' THEN '+' ELSE '' END "
                + "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_class c ON c.oid = t.typrelid "
                + "WHERE n.nspname = ? AND t.typname = ?", schema, target.name());
        if (typtype == null) {
            return Optional.empty();
        }
        if (typtype.endsWith("+")) {
            return Optional.of(new MovedIncumbent(target, schema, "table (its row type)"));
        }
        if (typtype.equals("m")) {
            return Optional.of(new MovedIncumbent(target, schema, "multirange type (of a range type)"));
        }
        boolean domain = typtype.equals("d");
        if (domain != (target.kind() == Kind.DOMAIN)) {
            return Optional.of(new MovedIncumbent(target, schema, domain ? "domain" : "type"));
        }
        return Optional.of(new MovedIncumbent(target, schema, null));
    }

    // ALTER TABLE t (unqualified) acts on the table the search path finds.
    private String tableSchema(ObjectTarget target) throws SQLException {
        String name = target.tableSchema() != null ? q(target.tableSchema()) + "." + q(target.table()) : q(target.table());
        return single("SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)", name);
    }

    private String currentSchema() throws SQLException {
        return single("SELECT current_schema()");
    }

    private boolean exists(String sql, String... parameters) throws SQLException {
        return single(sql, parameters) != null;
    }

    private List<String[]> rows(String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            return rows;
        }
    }

    private String single(String sql, String... parameters) throws SQLException {
        List<String> values = column(sql, parameters);
        return values.isEmpty() ? null : values.get(0);
    }

    private List<String> column(String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String q(String identifier) {
        return AuditTable.quote(identifier);
    }
}
