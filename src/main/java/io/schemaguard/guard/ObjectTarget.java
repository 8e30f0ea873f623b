package io.schemaguard.guard;

/**
 * An object a DDL statement creates, as the statement names it.
 *
 * @param schema null when the name is unqualified (the search path decides)
 * @param table  the table an index, column, constraint, trigger or policy belongs to (null for others)
 */
record ObjectTarget(Kind kind, String schema, String name, String tableSchema, String table) {

    enum Kind { TABLE, VIEW, MATERIALIZED_VIEW, SEQUENCE, INDEX, COLUMN, CONSTRAINT, FUNCTION, TYPE, DOMAIN, TRIGGER, POLICY, SCHEMA, EXTENSION }

    static ObjectTarget of(Kind kind, String schema, String name) {
        return new ObjectTarget(kind, schema, name, null, null);
    }

    String describe() {
        String label = kind.name().toLowerCase().replace('_', ' ');
        String qualified = (schema == null ? "" : schema + ".") + name;
        if (table != null) {
            return label + " " + name + " on " + (tableSchema == null ? "" : tableSchema + ".") + table;
        }
        return label + " " + qualified;
    }
}
