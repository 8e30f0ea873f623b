package io.schemaguard.guard;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StatementTargetTest {

    private static List<String> targets(String sql) {
        return StatementTarget.of(sql).stream().map(ObjectTarget::describe).toList();
    }

    @Test
    void namesTheObjectOfEachCreateStatement() {
        assertEquals(List.of("table public.communication_threads"), targets(
                "-- V51\n/* threads */ CREATE TABLE IF NOT EXISTS public.communication_threads (id uuid PRIMARY KEY)"));
        assertEquals(List.of("table Mixed Case"), targets("create unlogged table \"Mixed Case\" (a int)"));
        assertEquals(List.of("index idx_status on communication_threads"),
                targets("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_status ON ONLY communication_threads (status)"));
        assertEquals(List.of(), targets("CREATE INDEX ON t (a)"), "an unnamed index cannot collide");
        assertEquals(List.of("view app.v"), targets("CREATE OR REPLACE VIEW app.v AS SELECT 1"));
        assertEquals(List.of("materialized view mv"), targets("CREATE MATERIALIZED VIEW mv AS SELECT 1"));
        assertEquals(List.of("sequence s"), targets("CREATE SEQUENCE s START 10"));
        assertEquals(List.of("function f"), targets("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$"));
        assertEquals(List.of("function p"), targets("CREATE OR REPLACE PROCEDURE p() LANGUAGE sql AS 'SELECT 1'"));
        assertEquals(List.of("type mood"), targets("CREATE TYPE mood AS ENUM ('sad', 'ok')"));
        assertEquals(List.of("domain email"), targets("CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%')"));
        assertEquals(List.of("schema crm"), targets("CREATE SCHEMA IF NOT EXISTS crm"));
        assertEquals(List.of("extension pgcrypto"), targets("CREATE EXTENSION IF NOT EXISTS pgcrypto"));
        assertEquals(List.of("policy own_rows on app.threads"),
                targets("CREATE POLICY own_rows ON app.threads AS RESTRICTIVE FOR SELECT TO PUBLIC USING (owner = current_user)"));
        assertEquals(List.of("type span"), targets("CREATE TYPE span AS RANGE (subtype = int4, multirange_type_name = spans)"));
        assertEquals(List.of("trigger touch on app.threads"),
                targets("CREATE TRIGGER touch BEFORE UPDATE OF status ON app.threads FOR EACH ROW EXECUTE FUNCTION f()"));
    }

    @Test
    void namesTheColumnsAndConstraintsAnAlterTableAdds() {
        assertEquals(List.of("column unread_count on t", "constraint t_fk on t", "column note on t"), targets(
                "ALTER TABLE ONLY t ADD COLUMN unread_count integer NOT NULL DEFAULT 0, "
                        + "ADD CONSTRAINT t_fk FOREIGN KEY (a, b) REFERENCES u (x, y), ALTER COLUMN z SET NOT NULL, ADD note text"));
        assertEquals(List.of(), targets("ALTER TABLE t ADD PRIMARY KEY (id)"));
        assertEquals(List.of(), targets("INSERT INTO t VALUES (1)"));
        assertEquals(List.of(), targets("ALTER TABLE t DROP COLUMN a"));
    }

    @Test
    void commentsLiteralsAndDollarQuotesDoNotConfuseIt() {
        assertEquals(List.of("function g"), targets(
                "/* CREATE TABLE nope */ create function g() returns text language plpgsql as $body$ begin return 'CREATE TABLE x'; end $body$"));
        assertEquals(List.of("column \"weird\"\" name\" on t".replace("\"weird\"\" name\"", "weird\" name")),
                targets("ALTER TABLE t ADD COLUMN \"weird\"\" name\" text DEFAULT 'a, ADD COLUMN b'"));
    }

    @Test
    void readsTheSchemaAndVersionACreateExtensionAsksFor() {
        assertArrayEquals(new String[] {"ext", "1.4"},
                ExtensionComparison.requested("CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA ext VERSION '1.4' CASCADE"));
        assertArrayEquals(new String[] {"Ext", "1.4"}, ExtensionComparison.requested("create extension citext version \"1.4\" schema \"Ext\""));
        assertArrayEquals(new String[] {null, null}, ExtensionComparison.requested("CREATE EXTENSION \"schema\""));
    }
}
