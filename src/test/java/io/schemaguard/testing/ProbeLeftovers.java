package io.schemaguard.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the guard's probe must never leave behind: its schemas ({@code sg_probe_…}) and renamed objects ({@code …__sg_probe}). */
public final class ProbeLeftovers {
    private ProbeLeftovers() {
    }

    public static void assertNone(TestDatabase db) throws SQLException {
        // One connection for all the queries: opening one costs more than the queries (a test calls this after every goal).
        try (Connection connection = db.connect()) {
            assertEquals(List.of(), column(connection, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sg\\_probe%'"), "probe schemas");
            assertEquals(List.of(), column(connection, "SELECT relname FROM pg_class WHERE relname LIKE '%\\_\\_sg\\_probe%'"), "renamed relations");
            assertEquals(List.of(), column(connection, "SELECT proname FROM pg_proc WHERE proname LIKE '%\\_\\_sg\\_probe%'"), "renamed routines");
            assertEquals(List.of(), column(connection, "SELECT typname FROM pg_type WHERE typname LIKE '%\\_\\_sg\\_probe%'"), "renamed types");
            assertEquals(List.of(), column(connection, "SELECT attname FROM pg_attribute WHERE attname LIKE '%\\_\\_sg\\_probe%'"), "renamed columns");
            assertEquals(List.of(), column(connection, "SELECT conname FROM pg_constraint WHERE conname LIKE '%\\_\\_sg\\_probe%'"),
                    "renamed constraints");
            assertEquals(List.of(), column(connection, "SELECT tgname FROM pg_trigger WHERE tgname LIKE '%\\_\\_sg\\_probe%'"), "renamed triggers");
            assertEquals(List.of(), column(connection, "SELECT polname FROM pg_policy WHERE polname LIKE '%\\_\\_sg\\_probe%'"), "renamed policies");
        }
    }

    private static List<String> column(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
