package io.schemaguard.flyway;

import org.flywaydb.core.internal.jdbc.JdbcTemplate;
import org.flywaydb.core.internal.jdbc.Result;
import org.flywaydb.core.internal.jdbc.Results;
import org.flywaydb.core.internal.sqlscript.ParsedSqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.PreferQueryMode;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Sets a savepoint before a migration's first statement in the same round trip: the driver sends
 * {@code SAVEPOINT …; statement} as two queries in one message, each parsed on its own (an error's
 * position stays the statement's). Where that cannot be (a COPY, the simple query mode, which would
 * send one string), the savepoint goes first in a round trip of its own.
 */
final class SavepointAhead {
    private final Connection connection;
    private final String savepoint;
    private final JdbcTemplate plain;
    private boolean set;

    SavepointAhead(Connection connection, String savepoint) {
        this.connection = connection;
        this.savepoint = savepoint;
        this.plain = new JdbcTemplate(connection, Types.NULL);
    }

    /** The template to run {@code statement} with: the first one carries the savepoint. */
    JdbcTemplate template(SqlStatement statement) throws SQLException {
        if (set) {
            return plain;
        }
        set = true;
        if (statement.getClass() == ParsedSqlStatement.class && !simpleQueryMode()) {
            return new Prefixed(connection, savepoint);
        }
        try (var jdbc = connection.createStatement()) {
            jdbc.execute("SAVEPOINT " + savepoint);
        }
        return plain;
    }

    private boolean simpleQueryMode() throws SQLException {
        return connection.unwrap(PGConnection.class).getPreferQueryMode() == PreferQueryMode.SIMPLE;
    }

    /** Runs the statement behind the savepoint, and answers with the statement's results only. */
    private static final class Prefixed extends JdbcTemplate {
        private final String savepoint;

        Prefixed(Connection connection, String savepoint) {
            super(connection, Types.NULL);
            this.savepoint = savepoint;
        }

        @Override
        public Results executeStatement(String sql) {
            Results both = super.executeStatement("SAVEPOINT " + savepoint + "; " + sql);
            Results statement = new Results();
            both.getResults().stream().skip(1).forEach(r -> statement.addResult(new Result(r.updateCount(), r.columns(), r.data(), sql)));
            both.getWarnings().forEach(statement::addWarning);
            both.getErrors().forEach(statement::addError);
            statement.setException(both.getException());
            return statement;
        }
    }
}
