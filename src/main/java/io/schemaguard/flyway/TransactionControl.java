package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;
import org.flywaydb.core.internal.sqlscript.SqlScript;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recognises a statement that begins, ends or splits the migration's transaction (BEGIN, COMMIT,
 * ROLLBACK, SAVEPOINT…), from the first words of a statement as Flyway's parser split it: a
 * {@code BEGIN … END} inside a function body or a {@code DO} block is part of a longer statement.
 * Such a statement would commit half a migration (a dry run's included) or record as applied what
 * it rolled back.
 */
final class TransactionControl {
    private TransactionControl() {
    }

    /**
     * Refuses a script holding a transaction-control statement, naming the file and line; {@code unchanged} says what was kept.
     * Returns whether every statement of the script can run in a transaction.
     */
    static boolean refuse(String fileName, SqlScript script, String unchanged) {
        boolean transactional = true;
        try (SqlStatementIterator statements = script.getSqlStatements()) {
            while (statements.hasNext()) {
                SqlStatement statement = statements.next();
                String command = command(statement.getSql());
                if (command != null) {
                    throw new SchemaFailure(fileName + ", line " + statement.getLineNumber() + ": " + command + " controls the transaction,"
                            + " which a migration must leave alone: each migration runs in a transaction of its own (a dry run in one that"
                            + " is always rolled back), and a COMMIT or ROLLBACK inside it would keep half a migration without its history"
                            + " row, or record as applied what was rolled back. Remove the statement; a statement that cannot run in a"
                            + " transaction (CREATE INDEX CONCURRENTLY) goes in a migration of its own. " + unchanged);
                }
                transactional &= statement.canExecuteInTransaction();
            }
        }
        return transactional;
    }

    /**
     * The second line of defence, after each statement: a transactional migration must still be
     * in its transaction, a non-transactional one in none. Fails the migration otherwise, before
     * anything else runs or a history row is written.
     */
    static void checkStillInTransaction(Connection connection, MigrationStatement statement) throws SQLException {
        boolean transactional = !connection.getAutoCommit();
        TransactionState state = connection.unwrap(BaseConnection.class).getTransactionState();
        if (transactional ? state == TransactionState.IDLE : state != TransactionState.IDLE) {
            throw new SchemaFailure(statement.script() + ", line " + statement.line() + " (statement " + statement.number() + "): "
                    + (transactional ? "the migration's transaction ended here" : "a transaction was left open here")
                    + ", which a migration must not do: the statement controls the transaction (a COMMIT or ROLLBACK in a procedure or"
                    + " function, or a BEGIN). " + (transactional ? "What ran before it in this migration may have been committed, and"
                    + " no history row was written for it: check the database." : "The migration was stopped; nothing after it ran.")
                    + " Remove the transaction control from the migration.");
        }
    }

    /** Whether the connection's transaction has not begun: no statement was sent since the last commit or rollback. */
    static boolean nothingRanYet(Connection connection) {
        try {
            return connection.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the connection's transaction state: " + e.getMessage(), e);
        }
    }

    /** The command, as the user would say it ("COMMIT", "ROLLBACK TO SAVEPOINT"…), or null for any other statement. */
    static String command(String sql) {
        List<String> words = firstWords(sql, 3);
        if (words.isEmpty()) {
            return null;
        }
        String first = words.get(0);
        String second = words.size() > 1 ? words.get(1) : "";
        return switch (first) {
            case "begin", "commit", "end", "abort", "savepoint", "release" -> first.toUpperCase(Locale.ROOT)
                    + (second.equals("prepared") || second.equals("savepoint") ? " " + second.toUpperCase(Locale.ROOT) : "");
            case "rollback" -> second.equals("to") ? "ROLLBACK TO SAVEPOINT" : second.equals("prepared") ? "ROLLBACK PREPARED" : "ROLLBACK";
            case "start" -> second.equals("transaction") ? "START TRANSACTION" : null;
            case "prepare" -> second.equals("transaction") ? "PREPARE TRANSACTION" : null;
            default -> null;
        };
    }

    // Words at the head of the statement, lower-cased, after whitespace and comments (nested block comments included).
    private static List<String> firstWords(String sql, int count) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n && words.size() < count) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int depth = 0;
                do {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                } while (i < n && depth > 0);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                words.add(sql.substring(start, i).toLowerCase(Locale.ROOT));
            } else {
                break; // a quote, a parenthesis, a semicolon: the head of the statement is over
            }
        }
        return words;
    }
}
