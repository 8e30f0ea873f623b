package io.schemaguard.guard;

import io.schemaguard.catalog.DiffText;
import io.schemaguard.catalog.Difference;
import io.schemaguard.guard.SqlTokens.Token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares an installed extension with what {@code CREATE EXTENSION} would install: the version and
 * schema it names, else the ones the server would choose (the control file's default version and
 * schema, else the current schema). An extension cannot be moved aside to build a candidate (its
 * objects may be in use), so the server's own choice is read from {@code pg_available_extension_versions}.
 */
final class ExtensionComparison {
    private static final String QUERY = """
            SELECT x.extversion, n.nspname, coalesce(?, a.default_version), coalesce(?, v.schema::text, current_schema())
            FROM pg_catalog.pg_extension x
            JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
            LEFT JOIN pg_catalog.pg_available_extensions a ON a.name = x.extname
            LEFT JOIN pg_catalog.pg_available_extension_versions v ON v.name = x.extname AND v.version = coalesce(?, a.default_version)
            WHERE x.extname = ?""";

    private ExtensionComparison() {
    }

    static ObjectVerdict verdict(Connection connection, String sql, ObjectTarget target) throws SQLException {
        String[] requested = requested(sql);
        try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setString(1, requested[1]);
            statement.setString(2, requested[0]);
            statement.setString(3, requested[1]);
            statement.setString(4, target.name());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return new ObjectVerdict(target.describe(), List.of(), List.of());
                }
                List<Difference> differences = new ArrayList<>();
                compare(differences, "version", rs.getString(3), rs.getString(1));
                compare(differences, "schema", rs.getString(4), rs.getString(2));
                return new ObjectVerdict(target.describe(), differences.isEmpty() ? List.of() : DiffText.lines(differences), List.of());
            }
        }
    }

    private static void compare(List<Difference> differences, String subject, String expected, String found) {
        if (expected == null || !expected.equals(found)) {
            differences.add(new Difference(subject, expected == null ? "(unknown to the server)" : expected, found));
        }
    }

    /** The SCHEMA and VERSION the statement names (null when it leaves them to the server). */
    static String[] requested(String sql) {
        List<Token> tokens = SqlTokens.of(sql);
        String[] requested = new String[2];
        int start = 0;
        while (start < tokens.size() && !tokens.get(start).is("extension")) {
            start++;
        }
        start++;
        while (start < tokens.size() && (tokens.get(start).is("if") || tokens.get(start).is("not") || tokens.get(start).is("exists"))) {
            start++;
        }
        // after the extension's name: WITH, SCHEMA s, VERSION v, CASCADE in any order
        for (int i = start + 1; i + 1 < tokens.size(); i++) {
            Token option = tokens.get(i);
            Token value = tokens.get(i + 1);
            int slot = option.is("schema") ? 0 : option.is("version") ? 1 : -1;
            if (slot >= 0 && requested[slot] == null) {
                requested[slot] = value.literal() != null ? value.literal() : value.text();
            }
        }
        return requested;
    }
}
