package io.schemaguard.guard;

import io.schemaguard.flyway.ConnectionLoss;
import io.schemaguard.flyway.MigrationStatement;
import io.schemaguard.flyway.StatementGuard;
import io.schemaguard.output.Log;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The guard: each statement runs under a savepoint; when it fails because its object already
 * exists, the statement is undone and the existing object compared with what the statement
 * builds. Identical: skipped, audited, logged. Different: the migration is refused.
 * Decided by SQLSTATE and catalog facts only, never by the text of an error message.
 */
public final class GuardedStatementExecutor implements StatementGuard {
    private final ObjectProbe probe;
    private final AuditTable audit;
    private final GuardJournal journal;
    private final Log log;
    private final boolean historyWasMissing;
    private final boolean dryRun;
    private final boolean compareExisting;
    // The savepoint of the script's previous statement: released together with the next one's creation, one round trip for both.
    private String openSavepoint;

    /**
     * @param compareExisting false for guard=off: a duplicate fails the migration as in Flyway (used by dry runs)
     */
    public GuardedStatementExecutor(ObjectProbe probe, AuditTable audit, GuardJournal journal, Log log, boolean historyWasMissing,
                                    boolean dryRun, boolean compareExisting) {
        this.compareExisting = compareExisting;
        this.probe = probe;
        this.audit = audit;
        this.journal = journal;
        this.log = log;
        this.historyWasMissing = historyWasMissing;
        this.dryRun = dryRun;
    }

    @Override
    public SQLException execute(Connection connection, MigrationStatement statement, Execution execution) {
        try {
            if (statement.number() == 1) {
                journal.restart(statement.script());
                openSavepoint = null; // a new script: the previous one's transaction is over, or its savepoint was released
            }
            boolean transactional = !connection.getAutoCommit();
            String savepoint = transactional ? setSavepoint(connection, statement.number()) : null;
            // a dry run keeps everything in one transaction: CREATE INDEX CONCURRENTLY runs there without the keyword
            SQLException error = run(connection, statement, execution);
            if (error == null) {
                openSavepoint = savepoint;
                journal.executed(statement.script());
                return null;
            }
            if (!DuplicateObject.is(error) || !compareExisting) {
                return error;
            }
            if (savepoint != null) {
                runSql(connection, "ROLLBACK TO SAVEPOINT " + savepoint);
            }
            String leftover = InvalidIndexLeftover.drop(connection, statement.sql(), !transactional);
            if (leftover != null) {
                log.info(statement.script() + ", statement " + statement.number() + ": index " + leftover + " was left invalid by an"
                        + " interrupted CREATE INDEX CONCURRENTLY: dropped, and the statement run again");
                SQLException retry = run(connection, statement, execution);
                if (retry == null) {
                    openSavepoint = savepoint;
                    journal.executed(statement.script());
                }
                return retry;
            }
            ProbeResult result = probe.compare(connection, statement.sql(), !transactional);
            if (!result.identical()) {
                throw GuardRefusal.of(statement.script(), statement.version(), statement.number(), statement.line(), result, historyWasMissing);
            }
            for (ObjectVerdict verdict : result.verdicts()) {
                String line = "statement " + statement.number() + ": " + verdict.object() + " already exists and is identical";
                journal.skipped(statement.script(), line);
                log.info(statement.script() + ", " + line + ": skipped");
                verdict.notes().forEach(note -> log.info("  note: " + note));
                verdict.reported().forEach(fact -> log.warn(statement.script() + ", statement " + statement.number() + ": adopted "
                        + fact));
                List<String> detail = new ArrayList<>(List.of("identical"));
                detail.addAll(verdict.notes());
                detail.addAll(verdict.reported());
                audit.record(connection, statement.version(), statement.script(), statement.number(), verdict.object(), AuditTable.SKIPPED,
                        String.join("; ", detail));
            }
            openSavepoint = savepoint;
            return null;
        } catch (SQLException e) {
            if (ConnectionLoss.is(e)) {
                return e; // reported with file and line, as any statement that lost its connection
            }
            throw new IllegalStateException("The guard could not run " + statement.script() + ", statement " + statement.number()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets the statement's savepoint, releasing the previous statement's in the same round trip. The
     * script's last savepoint ends with its transaction (a dry run's spans every script: released there).
     */
    private String setSavepoint(Connection connection, int number) throws SQLException {
        String savepoint = "sg_statement_" + number;
        runSql(connection, (openSavepoint == null ? "" : "RELEASE SAVEPOINT " + openSavepoint + "; ") + "SAVEPOINT " + savepoint);
        openSavepoint = null;
        return savepoint;
    }

    private static void runSql(Connection connection, String sql) throws SQLException {
        try (var jdbc = connection.createStatement()) {
            jdbc.execute(sql);
        }
    }

    private SQLException run(Connection connection, MigrationStatement statement, Execution execution) {
        return dryRun && !statement.inTransaction() ? runDirectly(connection, ObjectProbe.transactional(statement.sql())) : execution.run();
    }

    static SQLException runDirectly(Connection connection, String sql) {
        try (var jdbc = connection.createStatement()) {
            jdbc.execute(sql);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    // One summary row per migration with skips, in the migration's transaction: history reads adopted/completed from it.
    @Override
    public void scriptCompleted(Connection connection, String script, String version) {
        if (dryRun && openSavepoint != null) {
            try {
                runSql(connection, "RELEASE SAVEPOINT " + openSavepoint);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot release the savepoint of " + script + ": " + e.getMessage(), e);
            }
        }
        openSavepoint = null;
        GuardJournal.ScriptRecord record = journal.of(script);
        if (record.skipped().isEmpty()) {
            return;
        }
        String decision = record.executed() == 0 ? AuditTable.ADOPTED : AuditTable.COMPLETED;
        try {
            audit.record(connection, version, script, null, null, decision,
                    record.skipped().size() + " statement(s) skipped, " + record.executed() + " executed");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the audit row of " + script + ": " + e.getMessage(), e);
        }
    }
}
