package io.schemaguard.flyway;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;
import org.flywaydb.core.internal.jdbc.Results;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.flywaydb.core.internal.sqlscript.SqlScript;
import org.flywaydb.core.internal.sqlscript.SqlScriptExecutor;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Flyway's script executor replaced: each parsed statement goes through the {@link StatementGuard};
 * a transactional migration, when the guard allows, first as Flyway runs it, then again guarded if needed.
 */
final class GuardedScriptExecutor implements SqlScriptExecutor {
    private static final String MIGRATION_SAVEPOINT = "sg_migration";
    private final Connection connection;
    private final JdbcTemplate jdbcTemplate;
    private final StatementGuard guard;
    private final Map<String, String> versionsByScript;
    private final HistoryTableWatch history;
    private final PreparedStatementsAcrossDdl prepared;

    /** @param history checked after the script's last statement; null for undo scripts */
    GuardedScriptExecutor(Connection connection, StatementGuard guard, Map<String, String> versionsByScript, HistoryTableWatch history) {
        this(connection, guard, versionsByScript, history, new PreparedStatementsAcrossDdl());
    }

    /** @param prepared whether the driver keeps its prepared statements across the script's DDL */
    GuardedScriptExecutor(Connection connection, StatementGuard guard, Map<String, String> versionsByScript, HistoryTableWatch history,
            PreparedStatementsAcrossDdl prepared) {
        this.connection = connection;
        this.history = history;
        this.prepared = prepared;
        this.jdbcTemplate = new JdbcTemplate(connection, Types.NULL);
        this.guard = guard;
        this.versionsByScript = versionsByScript;
    }

    @Override
    public List<Results> execute(SqlScript script, Configuration config) {
        String name = script.getResource().getFilename();
        String version = versionsByScript.get(name);
        List<Results> all = new ArrayList<>();
        try (PreparedStatementsAcrossDdl.Scope kept = prepared.during(connection)) {
            if (outsideTransaction()) {
                guard.beforeScriptOutsideTransaction(connection, statements(script, name, version));
                runGuarded(script, name, version, config, all);
            } else if (!guard.optimistic() || !runAsFlyway(script, name, version, config, all)) {
                all.clear();
                runGuarded(script, name, version, config, all);
            }
        }
        if (history != null) {
            try {
                history.checkAfter(connection, name);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot look up the history table after " + name + ": " + e.getMessage(), e);
            }
        }
        guard.scriptCompleted(connection, name, version);
        return all;
    }

    private void runGuarded(SqlScript script, String name, String version, Configuration config, List<Results> all) {
        int number = 0;
        try (SqlStatementIterator statements = script.getSqlStatements()) {
            while (statements.hasNext()) {
                SqlStatement statement = statements.next();
                MigrationStatement described = describe(name, version, ++number, statement);
                SQLException failure = guard.execute(connection, described, new FlywayExecution(statement, config, all));
                if (failure != null) {
                    throw new FlywaySqlScriptException(script.getResource(), statement, failure, "");
                }
                checkStillInTransaction(described);
            }
        }
    }

    /**
     * Runs a transactional migration's statements as Flyway runs them, no savepoint between them.
     * Returns false, with everything of the migration rolled back, at the first statement the guard
     * must judge: the caller then runs the migration again, guarded statement by statement.
     */
    private boolean runAsFlyway(SqlScript script, String name, String version, Configuration config, List<Results> all) {
        // Flyway has already set the role and search path in this transaction: only a savepoint undoes exactly the migration.
        SavepointAhead savepointAhead = new SavepointAhead(connection, MIGRATION_SAVEPOINT);
        try {
            int number = 0;
            try (SqlStatementIterator statements = script.getSqlStatements()) {
                while (statements.hasNext()) {
                    SqlStatement statement = statements.next();
                    MigrationStatement described = describe(name, version, ++number, statement);
                    FlywayExecution execution = new FlywayExecution(statement, config, all, savepointAhead.template(statement));
                    SQLException failure = execution.run();
                    if (guard.mustJudge(described, failure, execution.notices())) {
                        runSql("ROLLBACK TO SAVEPOINT " + MIGRATION_SAVEPOINT);
                        return false;
                    }
                    if (failure != null) {
                        throw new FlywaySqlScriptException(script.getResource(), statement, failure, "");
                    }
                    checkStillInTransaction(described);
                }
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot roll " + name + " back to run it again guarded: " + e.getMessage(), e);
        }
    }

    private void runSql(String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static MigrationStatement describe(String name, String version, int number, SqlStatement statement) {
        return new MigrationStatement(name, version, number, statement.getLineNumber(), statement.getSql(), statement.canExecuteInTransaction());
    }

    private static List<MigrationStatement> statements(SqlScript script, String name, String version) {
        List<MigrationStatement> described = new ArrayList<>();
        try (SqlStatementIterator statements = script.getSqlStatements()) {
            while (statements.hasNext()) {
                described.add(describe(name, version, described.size() + 1, statements.next()));
            }
        }
        return described;
    }

    private boolean outsideTransaction() {
        try {
            return connection.getAutoCommit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the connection's transaction mode: " + e.getMessage(), e);
        }
    }

    /** One statement run by Flyway, keeping the notices of its last run (IF NOT EXISTS answers "already exists" with one). */
    private final class FlywayExecution implements StatementGuard.Execution {
        private final SqlStatement statement;
        private final Configuration config;
        private final List<Results> all;
        private final JdbcTemplate template;
        private Results last;

        FlywayExecution(SqlStatement statement, Configuration config, List<Results> all) {
            this(statement, config, all, jdbcTemplate);
        }

        FlywayExecution(SqlStatement statement, Configuration config, List<Results> all, JdbcTemplate template) {
            this.statement = statement;
            this.config = config;
            this.all = all;
            this.template = template;
        }

        @Override
        public SQLException run() {
            last = statement.execute(template, GuardedScriptExecutor.this, config);
            all.add(last);
            return last.getException();
        }

        @Override
        public List<SQLWarning> notices() {
            return last == null ? List.of() : last.getWarnings().stream()
                    .map(w -> new SQLWarning(w.getMessage(), w.getState(), w.getCode())).toList();
        }
    }

    private void checkStillInTransaction(MigrationStatement statement) {
        try {
            TransactionControl.checkStillInTransaction(connection, statement);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the transaction state after " + statement.script() + ", statement "
                    + statement.number() + ": " + e.getMessage(), e);
        }
    }
}
