package io.schemaguard.guard;

import io.schemaguard.guard.ObjectTarget.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlterTableActionsTest {
    private static ObjectTarget column(String name) {
        return new ObjectTarget(Kind.COLUMN, null, name, null, "t");
    }

    private static ObjectTarget constraint(String name) {
        return new ObjectTarget(Kind.CONSTRAINT, null, name, null, "t");
    }

    @Test
    void takesOutTheActionsWhoseColumnOrConstraintExists() {
        assertEquals("-- two columns\nALTER TABLE ONLY app.t ADD COLUMN b numeric(10, 2) DEFAULT 0",
                AlterTableActions.without("-- two columns\nALTER TABLE ONLY app.t ADD COLUMN IF NOT EXISTS a int, ADD COLUMN b numeric(10, 2) DEFAULT 0;",
                        List.of(column("a"))));
        assertEquals("ALTER TABLE \"T\" ADD note text",
                AlterTableActions.without("ALTER TABLE \"T\" ADD CONSTRAINT k CHECK (a > 0, 'x,y' <> ''), ADD note text", List.of(constraint("k"))));
        assertEquals("ALTER TABLE t ADD COLUMN a int, ALTER COLUMN c SET DEFAULT 1",
                AlterTableActions.without("ALTER TABLE t ADD COLUMN a int, ALTER COLUMN c SET DEFAULT 1", List.of(column("b"))));
    }

    @Test
    void leavesNothingWhenEveryActionExistsOrTheStatementIsNoAlterTable() {
        assertNull(AlterTableActions.without("ALTER TABLE t ADD COLUMN x int REFERENCES base (id)", List.of(column("x"))));
        assertNull(AlterTableActions.without("CREATE TABLE t (a int)", List.of(column("a"))));
    }

    @Test
    void tellsCreateSchemaWithElementsFromAPlainOne() {
        assertTrue(StatementTarget.createsSchemaElements("CREATE SCHEMA app CREATE TABLE t (a int) CREATE VIEW v AS SELECT a FROM t"));
        assertTrue(StatementTarget.createsSchemaElements("CREATE SCHEMA AUTHORIZATION joe CREATE TABLE t (a int)"));
        assertFalse(StatementTarget.createsSchemaElements("CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION joe;"));
        assertFalse(StatementTarget.createsSchemaElements("CREATE SCHEMA app"));
    }
}
