package io.schemaguard.testing;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the guard's probe must never leave behind: its schemas ({@code sg_probe_…}) and renamed objects ({@code …__sg_probe}). */
public final class ProbeLeftovers {
    private ProbeLeftovers() {
    }

    public static void assertNone(TestDatabase db) throws SQLException {
        assertEquals(List.of(), db.column("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sg\\_probe%'"), "probe schemas");
        assertEquals(List.of(), db.column("SELECT relname FROM pg_class WHERE relname LIKE '%\\_\\_sg\\_probe%'"), "renamed relations");
        assertEquals(List.of(), db.column("SELECT proname FROM pg_proc WHERE proname LIKE '%\\_\\_sg\\_probe%'"), "renamed routines");
        assertEquals(List.of(), db.column("SELECT typname FROM pg_type WHERE typname LIKE '%\\_\\_sg\\_probe%'"), "renamed types");
        assertEquals(List.of(), db.column("SELECT attname FROM pg_attribute WHERE attname LIKE '%\\_\\_sg\\_probe%'"), "renamed columns");
        assertEquals(List.of(), db.column("SELECT conname FROM pg_constraint WHERE conname LIKE '%\\_\\_sg\\_probe%'"), "renamed constraints");
        assertEquals(List.of(), db.column("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%\\_\\_sg\\_probe%'"), "renamed triggers");
        assertEquals(List.of(), db.column("SELECT polname FROM pg_policy WHERE polname LIKE '%\\_\\_sg\\_probe%'"), "renamed policies");
    }
}
