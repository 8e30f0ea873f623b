package io.schemaguard.guard;

import io.schemaguard.flyway.MigrationStatement;
import io.schemaguard.flyway.StatementGuard;
import io.schemaguard.output.Log;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * The guard for undo scripts: each statement runs under a savepoint. One that fails because its
 * object is already gone is rolled back to the savepoint, skipped, logged and audited; any other
 * error fails the step (the caller rolls its transaction back). Decided by SQLSTATE only.
 */
public final class GuardedUndoExecutor implements StatementGuard {
    private final AuditTable audit;
    private final GuardJournal journal;
    private final Log log;
    private final boolean skipGone;

    /**
     * @param skipGone false for guard=off: a statement whose object is gone fails the step like any other
     */
    public GuardedUndoExecutor(AuditTable audit, GuardJournal journal, Log log, boolean skipGone) {
        this.audit = audit;
        this.journal = journal;
        this.log = log;
        this.skipGone = skipGone;
    }

    @Override
    public SQLException execute(Connection connection, MigrationStatement statement, Execution execution) {
        try {
            if (statement.number() == 1) {
                journal.restart(statement.script());
            }
            Savepoint savepoint = connection.setSavepoint();
            // A step is one transaction: DROP INDEX CONCURRENTLY runs there without the keyword, with the same effect.
            SQLException error = statement.inTransaction() ? execution.run()
                    : GuardedStatementExecutor.runDirectly(connection, ObjectProbe.transactional(statement.sql()));
            if (error == null) {
                connection.releaseSavepoint(savepoint);
                journal.executed(statement.script());
                return null;
            }
            connection.rollback(savepoint);
            if (!skipGone || !MissingObject.is(error)) {
                throw new UndoStatementFailure(statement, error);
            }
            String why = "already gone (SQLSTATE " + error.getSQLState() + ": " + ServerMessage.brief(error) + ")";
            String line = "statement " + statement.number() + " (line " + statement.line() + "): " + why;
            journal.skipped(statement.script(), line);
            log.info(statement.script() + ", " + line + ": skipped");
            audit.record(connection, statement.version(), statement.script(), statement.number(), null, AuditTable.SKIPPED, why);
            return null;
        } catch (SQLException e) {
            throw new IllegalStateException("The guard could not run " + statement.script() + ", statement " + statement.number()
                    + ": " + e.getMessage(), e);
        }
    }
}
