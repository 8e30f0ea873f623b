package io.schemaguard.guard;

import java.sql.SQLException;
import java.util.Set;

/** The SQLSTATEs with which PostgreSQL says "the object this statement creates already exists". */
final class DuplicateObject {
    private static final Set<String> STATES = Set.of(
            "42P07", // duplicate_table (any relation: table, index, view, sequence)
            "42710", // duplicate_object (type, constraint, trigger, extension…)
            "42701", // duplicate_column
            "42723", // duplicate_function
            "42P06", // duplicate_schema
            "42P04", // duplicate_database
            "42712", // duplicate_alias
            "42P05", // duplicate_prepared_statement
            "42P03"  // duplicate_cursor
    );

    private DuplicateObject() {
    }

    static boolean is(SQLException e) {
        return e != null && STATES.contains(e.getSQLState());
    }
}
