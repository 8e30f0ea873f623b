package io.schemaguard.flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.List;
import java.util.function.Supplier;

/** Runs each statement of a migration in place of Flyway's executor; implemented by the guard. */
public interface StatementGuard {

    /** Executes the statement through Flyway (COPY … FROM STDIN included) and returns its error, or null. */
    @FunctionalInterface
    interface Execution {
        SQLException run();

        /** The notices (warnings, each with its SQLSTATE) the server answered the last run with. */
        default List<SQLWarning> notices() {
            return List.of();
        }
    }

    /**
     * Runs one statement on the migration's connection and returns the error that must fail the
     * migration (reported with file and line), or null when the statement ran or was skipped.
     * May also throw to fail the migration; Flyway then rolls the whole migration back.
     */
    SQLException execute(Connection connection, MigrationStatement statement, Execution execution);

    /**
     * Whether a transactional migration first runs as Flyway runs it, with no savepoint per
     * statement, and is rolled back and run again through {@link #execute} only when one of its
     * statements answers as {@link #mustJudge} says.
     */
    default boolean optimistic() {
        return false;
    }

    /**
     * In a migration run as Flyway runs it: whether the statement's answer, its error (or null) and
     * notices, is one the guard must judge. Called for each statement in order, the first one included.
     */
    default boolean mustJudge(MigrationStatement statement, SQLException error, List<SQLWarning> notices) {
        return false;
    }

    /** A guard that runs every statement as Flyway would. */
    static StatementGuard passThrough() {
        return (connection, statement, execution) -> execution.run();
    }

    /**
     * Called before the first statement of a script that runs outside a transaction, with all its
     * statements: nothing of it can be rolled back once one has run. May throw to refuse the script.
     */
    default void beforeScriptOutsideTransaction(Connection connection, List<MigrationStatement> statements) {
    }

    /**
     * Called before the first migration runs: every statement of the SQL migrations up to the
     * target, applied and pending, parsed as Flyway parses them — only when first asked for.
     */
    default void knownStatements(Supplier<List<MigrationStatement>> statements) {
    }

    /**
     * Whether the error a Java migration failed with says that an object it creates already exists. The guard
     * cannot see a Java migration's statements, so such a failure is refused as one it cannot judge.
     */
    default boolean isDuplicateObject(SQLException error) {
        return false;
    }

    /** Called after the last statement of a script, before Flyway commits it. */
    default void scriptCompleted(Connection connection, String script, String version) {
    }

    /**
     * Whether this guard wants {@link #callbackCompleted} after every Flyway callback (SQL and Java): its
     * replay then runs Flyway's callbacks through {@link ObservedCallbacks}, each reporting when it has run.
     */
    default boolean observesCallbacks() {
        return false;
    }

    /**
     * Called on the callback's own connection after a Flyway callback ran: {@code callback} is the file name of
     * an SQL callback ({@code afterMigrate.sql}) or the class and event of a Java one ({@code com.example.Audit (afterMigrate)}).
     */
    default void callbackCompleted(Connection connection, String callback) {
    }
}
