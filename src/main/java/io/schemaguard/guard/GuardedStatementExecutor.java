package io.schemaguard.guard;

import io.schemaguard.flyway.ConnectionLoss;
import io.schemaguard.flyway.MigrationStatement;
import io.schemaguard.flyway.StatementGuard;
import io.schemaguard.output.Log;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The guard: each statement runs under a savepoint; when it fails because its object already
 * exists, or IF NOT EXISTS answers so with a notice, the statement is undone and the existing object
 * compared with what the statement builds. Identical: skipped, audited, logged, and whatever else the
 * statement builds is built (the migration is completed). Different: the migration is refused.
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
    private final NonTransactionalRun nonTransactional;
    private final AdoptedTableObjects adoptedTables = new AdoptedTableObjects();
    // The savepoint of the script's previous statement: released together with the next one's creation, one round trip for both.
    private String openSavepoint;
    // What a migration run unguarded would have logged guarded: logged when it completes unguarded, dropped when it runs again.
    private final List<String> unjudgedWarnings = new ArrayList<>();

    /**
     * @param compareExisting false for guard=off: a duplicate fails the migration as in Flyway (used by dry runs)
     */
    public GuardedStatementExecutor(ObjectProbe probe, AuditTable audit, GuardJournal journal, Log log, boolean historyWasMissing,
                                    boolean dryRun, boolean compareExisting) {
        this.compareExisting = compareExisting;
        this.probe = probe;
        this.nonTransactional = new NonTransactionalRun(probe);
        this.audit = audit;
        this.journal = journal;
        this.log = log;
        this.historyWasMissing = historyWasMissing;
        this.dryRun = dryRun;
    }

    @Override
    public void beforeScriptOutsideTransaction(Connection connection, List<MigrationStatement> statements) {
        if (dryRun || !compareExisting || statements.isEmpty()) {
            return;
        }
        try {
            nonTransactional.judgeBeforeRun(connection, statements, historyWasMissing);
        } catch (SQLException e) {
            throw new IllegalStateException("The guard could not judge " + statements.get(0).script() + " before its first statement: "
                    + e.getMessage(), e);
        }
    }

    // A dry run keeps everything in one transaction, its per-statement savepoints included: it stays guarded throughout.
    @Override
    public boolean optimistic() {
        return !dryRun;
    }

    @Override
    public boolean mustJudge(MigrationStatement statement, SQLException error, List<SQLWarning> notices) {
        if (statement.number() == 1) {
            journal.restart(statement.script());
            adoptedTables.restart();
            unjudgedWarnings.clear();
        }
        Ran ran = new Ran(error, notices);
        if (collision(statement, ran, unjudgedWarnings::add) != null) {
            return true;
        }
        if (error == null) {
            journal.executed(statement.script());
        }
        return false;
    }

    @Override
    public SQLException execute(Connection connection, MigrationStatement statement, Execution execution) {
        if (!outsideTransaction(connection)) {
            return judge(connection, statement, execution);
        }
        // outside a transaction what ran stays: a failure after it says so, and leaves no history row
        if (statement.number() == 1) {
            nonTransactional.restart();
        }
        int executedBefore = statement.number() == 1 ? 0 : journal.of(statement.script()).executed();
        SQLException error;
        try {
            error = judge(connection, statement, execution);
        } catch (GuardRefusal refusal) {
            throw nonTransactional.anyRan() ? refusal.withAftermath(nonTransactional.whatStays(connection, statement, false)) : refusal;
        }
        if (error != null) {
            if (nonTransactional.anyRan()) {
                throw nonTransactional.failedAfterRun(connection, statement, error);
            }
            return error;
        }
        if (journal.of(statement.script()).executed() > executedBefore) {
            nonTransactional.ran(statement);
        }
        return null;
    }

    private boolean outsideTransaction(Connection connection) {
        try {
            return !dryRun && connection.getAutoCommit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the connection's transaction mode: " + e.getMessage(), e);
        }
    }

    private SQLException judge(Connection connection, MigrationStatement statement, Execution execution) {
        try {
            if (statement.number() == 1) {
                journal.restart(statement.script());
                adoptedTables.restart();
                openSavepoint = null; // a new script: the previous one's transaction is over, or its savepoint was released
                unjudgedWarnings.clear();
            }
            boolean transactional = !connection.getAutoCommit();
            String savepoint = transactional ? setSavepoint(connection, statement.number()) : null;
            // a dry run keeps everything in one transaction: CREATE INDEX CONCURRENTLY runs there without the keyword
            Ran ran = run(connection, statement, execution);
            SQLException collision = collision(statement, ran, log::warn);
            if (collision == null) {
                if (ran.error() == null) {
                    openSavepoint = savepoint;
                    journal.executed(statement.script());
                }
                return ran.error();
            }
            if (savepoint != null) {
                runSql(connection, "ROLLBACK TO SAVEPOINT " + savepoint);
            }
            String leftover = InvalidIndexLeftover.drop(connection, statement.sql(), !transactional);
            if (leftover != null) {
                log.info(statement.script() + ", statement " + statement.number() + ": index " + leftover + " was left invalid by an"
                        + " interrupted CREATE INDEX CONCURRENTLY: dropped, and the statement run again");
                SQLException retry = run(connection, statement, execution).error();
                if (retry == null) {
                    openSavepoint = savepoint;
                    journal.executed(statement.script());
                }
                return retry;
            }
            ProbeResult result = probe.compare(connection, statement.sql(), !transactional);
            if (!result.identical()) {
                throw GuardRefusal.of(statement.script(), statement.version(), statement.number(), statement.line(), result, historyWasMissing,
                        transactional);
            }
            List<String> built = result.parts().isEmpty() ? List.of() : completeParts(connection, statement, result, savepoint);
            for (ObjectVerdict verdict : result.verdicts()) {
                String line = "statement " + statement.number() + ": " + verdict.object() + " already exists and is identical";
                journal.skipped(statement.script(), new SkippedStatement(statement.number(), verdict.object(), line, verdict.notes(),
                        verdict.reported()));
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
            if (!built.isEmpty()) {
                journal.executed(statement.script());
                log.info(statement.script() + ", statement " + statement.number() + ": built the rest of what it builds: "
                        + String.join(", ", built));
                audit.record(connection, statement.version(), statement.script(), statement.number(), String.join(", ", built),
                        AuditTable.BUILT, "the rest of the statement, beside what already existed and was identical");
            }
            adoptedTables.adopted(connection, result);
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
     * What makes the statement's object one the guard must compare: its duplicate-object error, or the
     * duplicate-object notice with which IF NOT EXISTS skips it (judged the same). Null when the statement
     * ran, failed otherwise, or the guard is off (a notice is then ignored, as Flyway ignores it).
     */
    private SQLException collision(MigrationStatement statement, Ran ran, Consumer<String> warning) {
        if (!compareExisting) {
            return null;
        }
        if (ran.error() != null) {
            return DuplicateObject.is(ran.error()) ? ran.error() : null;
        }
        SQLWarning notice = ran.notices().stream().filter(DuplicateObject::is).findFirst().orElse(null);
        if (notice != null && StatementTarget.of(statement.sql()).isEmpty()) {
            // a DO block or a function that ran CREATE … IF NOT EXISTS itself: the guard cannot tell what it built
            warning.accept(statement.script() + ", statement " + statement.number() + " (line " + statement.line() + "): the server said an"
                    + " object already exists (SQLSTATE " + notice.getSQLState() + "), in a statement the guard cannot compare: not judged");
            return null;
        }
        return notice;
    }

    /**
     * Builds the parts of the statement the database lacks, beside the identical objects it collided
     * with; refuses the migration, naming them, when they cannot be built exactly (outside a transaction,
     * or when building them fails or gives something else than the candidate).
     */
    private List<String> completeParts(Connection connection, MigrationStatement statement, ProbeResult result, String savepoint)
            throws SQLException {
        if (savepoint == null) {
            throw GuardRefusal.incomplete(statement.script(), statement.version(), statement.number(), statement.line(),
                    StatementCompletion.missing(result.parts()), "outside a transaction it builds nothing it would have to take back", false);
        }
        StatementCompletion.Outcome outcome = probe.complete(connection, statement.sql(), result);
        if (outcome.complete()) {
            return outcome.built();
        }
        runSql(connection, "ROLLBACK TO SAVEPOINT " + savepoint);
        String why = outcome.failure() == null ? null
                : ServerMessage.brief(outcome.failure()) + " (SQLSTATE " + outcome.failure().getSQLState() + ")";
        throw GuardRefusal.incomplete(statement.script(), statement.version(), statement.number(), statement.line(), outcome.unmet(), why, true);
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

    /** A statement's error (or null) and the notices the server answered it with. */
    private record Ran(SQLException error, List<SQLWarning> notices) {
    }

    private Ran run(Connection connection, MigrationStatement statement, Execution execution) {
        if (dryRun && !statement.inTransaction()) {
            return runWithNotices(connection, ObjectProbe.transactional(statement.sql()));
        }
        SQLException error = execution.run();
        return new Ran(error, execution.notices());
    }

    static SQLException runDirectly(Connection connection, String sql) {
        return runWithNotices(connection, sql).error();
    }

    private static Ran runWithNotices(Connection connection, String sql) {
        try (var jdbc = connection.createStatement()) {
            jdbc.execute(sql);
            List<SQLWarning> notices = new ArrayList<>();
            for (SQLWarning w = jdbc.getWarnings(); w != null; w = w.getNextWarning()) {
                notices.add(w);
            }
            return new Ran(null, notices);
        } catch (SQLException e) {
            return new Ran(e, List.of());
        }
    }

    @Override
    public void knownStatements(Supplier<List<MigrationStatement>> statements) {
        adoptedTables.knownStatements(statements);
    }

    @Override
    public boolean isDuplicateObject(SQLException error) {
        return DuplicateObject.is(error);
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
        unjudgedWarnings.forEach(log::warn);
        unjudgedWarnings.clear();
        try {
            adoptedTables.completed(connection, script, version);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the policies and triggers of the tables " + script + " adopts: " + e.getMessage(), e);
        }
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
