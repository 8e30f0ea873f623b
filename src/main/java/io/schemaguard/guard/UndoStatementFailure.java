package io.schemaguard.guard;

import io.schemaguard.flyway.MigrationStatement;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.output.SqlExcerpt;

import java.sql.SQLException;

/** A statement of an undo script failed for another reason than its object being gone: the step fails. */
public final class UndoStatementFailure extends SchemaFailure {

    UndoStatementFailure(MigrationStatement statement, SQLException error) {
        super(statement.script() + ", statement " + statement.number() + " (line " + statement.line() + "): the statement failed (SQLSTATE "
                + (error.getSQLState() == null ? "?" : error.getSQLState()) + "): " + (error.getMessage() == null ? "" : error.getMessage().strip())
                + "\n  statement: " + SqlExcerpt.of(statement.sql()), error);
    }
}
