package io.schemaguard.guard;

import java.sql.SQLException;
import java.util.Set;

/** The SQLSTATEs with which PostgreSQL says "the object this statement names does not exist". */
final class MissingObject {
    private static final Set<String> STATES = Set.of(
            "42P01", // undefined_table (any relation: table, view, sequence)
            "42704", // undefined_object (index, type, constraint, trigger, extension…)
            "42703", // undefined_column
            "42883", // undefined_function
            "3F000"  // invalid_schema_name
    );

    private MissingObject() {
    }

    static boolean is(SQLException e) {
        return e != null && STATES.contains(e.getSQLState());
    }
}
