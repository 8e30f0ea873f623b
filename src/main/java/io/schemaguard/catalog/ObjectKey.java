package io.schemaguard.catalog;

/**
 * Identifies one object. {@code table} is set for objects that belong to a table (indexes,
 * triggers, policies); a function's {@code name} carries its argument types, e.g. {@code add_one(integer)}.
 */
public record ObjectKey(ObjectKind kind, String schema, String table, String name) {

    public static ObjectKey of(ObjectKind kind, String schema, String name) {
        return new ObjectKey(kind, schema, null, name);
    }

    /** How messages name it: {@code table public.users}, {@code index idx on public.users}. */
    public String describe() {
        if (kind == ObjectKind.SCHEMA || kind == ObjectKind.EXTENSION) {
            return kind.label() + " " + name;
        }
        if (table != null) {
            return kind.label() + " " + name + " on " + schema + "." + table;
        }
        return kind.label() + " " + schema + "." + name;
    }
}
