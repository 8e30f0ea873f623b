package io.schemaguard.flyway;

import io.schemaguard.locks.LockTimeout;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.output.SqlExcerpt;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.exception.FlywaySqlException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

import java.nio.charset.CharacterCodingException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what Flyway throws into one clear message saying what, where, why and what to do. */
final class FlywayFailures {
    private static final Pattern CHECKSUM_OF = Pattern.compile("checksum of (\\S+)");

    private FlywayFailures() {
    }

    /** @param historyTable the history table as the user knows it (schema.table), named when Flyway's own SQL on it fails */
    static RuntimeException translate(FlywayException e, String user, String historyTable) {
        FlywaySqlScriptException script = find(e, FlywaySqlScriptException.class);
        if (script != null) {
            return isFlywaysOwnSql(script) ? historySqlError(script, historyTable) : sqlError(script, find(e, FlywayMigrateException.class));
        }
        SQLException sql = find(e, SQLException.class);
        if (sql != null && "42501".equals(sql.getSQLState())) {
            return new SchemaFailure("Permission denied for " + (user == null ? "the connecting user" : "user '" + user + "'")
                    + " (SQLSTATE 42501): " + sql.getMessage() + "\n  while: " + firstLine(e.getMessage())
                    + "\nAn upgrade needs USAGE and CREATE on the managed schemas and SELECT, INSERT, UPDATE and DELETE on the history"
                    + " table (simplest: connect as the schemas' owner). Nothing was changed.", e);
        }
        if (ConnectionLoss.is(sql)) {
            // Flyway's own clean-up on the lost connection failed too, and replaced the statement's error
            return new SchemaFailure("The connection to the database was lost during the upgrade (SQLSTATE " + sql.getSQLState() + "): "
                    + sql.getMessage() + "\n  while: " + firstLine(e.getMessage())
                    + "\nPostgreSQL rolls back the open transaction of a lost connection: the migration that was running has no history"
                    + " row (an index CREATE INDEX CONCURRENTLY had begun is left invalid: the next upgrade drops and builds it)."
                    + " Check that the server is up, then run the upgrade again.", e);
        }
        if (find(e, FlywaySqlException.class) != null && sql != null && !isConnectionState(sql.getSQLState())) {
            return new SchemaFailure("Flyway's own SQL on the history table " + historyTable + " failed (SQLSTATE " + sql.getSQLState()
                    + "): " + sql.getMessage() + "\n  while: " + firstLine(e.getMessage())
                    + "\nThe history table may have been changed by hand or by another tool (a trigger, a missing column, a rule)."
                    + " Check it against Flyway's own layout, then run the upgrade again.", e);
        }
        CharacterCodingException encoding = find(e, CharacterCodingException.class);
        if (encoding != null) {
            Matcher file = CHECKSUM_OF.matcher(firstLine(e.getMessage()));
            return new SchemaFailure((file.find() ? file.group(1) : firstLine(e.getMessage())) + " is not valid UTF-8 (" + encoding + ")."
                    + " Migrations are read as UTF-8 unless <encoding> (-Dschema.encoding) says otherwise: save the file in that encoding,"
                    + " or set <encoding> to the one it is saved in. Nothing was applied.", e);
        }
        ErrorCode code = e.getErrorCode();
        if (e instanceof FlywayValidateException || code == CoreErrorCode.CHECKSUM_MISMATCH || code == CoreErrorCode.VALIDATE_ERROR) {
            return new SchemaFailure("Validation of the applied migrations failed:\n" + indent(FlywayHints.ours(e.getMessage()))
                    + "\n" + FlywayHints.diagnosis(e.getMessage()), e);
        }
        if (code == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
            return new SchemaFailure(FlywayHints.ours(e.getMessage()) + "\nThe schema holds objects but no history table. With guard=verify (the default)"
                    + " the upgrade adopts what is there; to record the database as already migrated, run"
                    + " mvn schema:stamp -Dschema.version=latest.", e);
        }
        if (code == CoreErrorCode.DB_CONNECTION) {
            return new SchemaFailure("Cannot connect to the database: " + e.getMessage(), e);
        }
        if (code == CoreErrorCode.DUPLICATE_VERSIONED_MIGRATION) {
            return new SchemaFailure(e.getMessage().strip() + "\nEvery versioned migration needs a version of its own: renumber one of"
                    + " them. Nothing was applied.", e);
        }
        if (code == CoreErrorCode.CONFIGURATION || code == CoreErrorCode.ERROR || code == CoreErrorCode.DUPLICATE_VERSIONED_MIGRATION
                || code == CoreErrorCode.DUPLICATE_REPEATABLE_MIGRATION || code == CoreErrorCode.FAILED_VERSIONED_MIGRATION
                || code == CoreErrorCode.FAILED_REPEATABLE_MIGRATION || code == null) {
            return new SchemaFailure(FlywayHints.ours(e.getMessage()), e);
        }
        return new IllegalStateException("Flyway failed: " + FlywayHints.ours(e.getMessage()), e);
    }

    // Flyway runs the SQL that creates its history table as a script of its own, which has no file name.
    private static boolean isFlywaysOwnSql(FlywaySqlScriptException e) {
        return e.getResource() == null || e.getResource().getFilename() == null || e.getResource().getFilename().isEmpty();
    }

    // Connection, authorization and missing-database states: the database is out of reach, not the history table at fault.
    private static boolean isConnectionState(String state) {
        return state == null || state.startsWith("08") || state.startsWith("28") || state.startsWith("3D");
    }

    private static SchemaFailure historySqlError(FlywaySqlScriptException e, String historyTable) {
        SQLException sql = find(e, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "?" : sql.getSQLState();
        String reason = sql == null ? e.getMessage() : sql.getMessage();
        boolean duplicate = state.startsWith("42P07") || state.equals("42710");
        return new SchemaFailure("Flyway could not create the history table " + historyTable + " (SQLSTATE " + state + "): " + reason
                + "\n  Flyway's statement: " + SqlExcerpt.of(e.getStatement())
                + (duplicate ? "\nFlyway names the history table's key <table>_pk and its index <table>_s_idx, and another object of the"
                        + " schema holds one of those names: rename that object, or give the history another name with <table>"
                        + " (-Dschema.table=…)." : "\nCheck that the connecting user may create tables in that schema.")
                + " Nothing was applied.", e);
    }

    private static SchemaFailure sqlError(FlywaySqlScriptException e, FlywayMigrateException migrate) {
        String file = e.getResource() == null ? "migration" : e.getResource().getFilename();
        SQLException sql = find(e, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "?" : sql.getSQLState();
        String reason = sql == null ? e.getMessage() : sql.getMessage();
        if (ConnectionLoss.is(sql)) {
            String migration = file.contains("__") ? file.substring(0, file.indexOf("__")) : file;
            return new SchemaFailure(file + ", line " + e.getLineNumber() + ": the connection to the database was lost (SQLSTATE " + state
                    + "): " + reason + "\n  statement: " + SqlExcerpt.of(e.getStatement())
                    + "\nNothing of " + migration + " was kept: PostgreSQL rolls back the open transaction of a lost connection, and no"
                    + " history row was written" + (e.getStatement() != null && e.getStatement().toUpperCase(java.util.Locale.ROOT).contains("CONCURRENTLY")
                    ? " (the index CREATE INDEX CONCURRENTLY had begun is left invalid: the next upgrade drops and builds it)" : "")
                    + ". Check that the server is up, then run the upgrade again.", e);
        }
        // a lock timeout is not the statement's fault: the caller names the blocker and says what to do
        String advice = LockTimeout.SQLSTATE.equals(state) ? "" : " Fix the statement and run the upgrade again.";
        // outside a transaction nothing is rolled back, and Flyway records the migration as failed
        String aftermath = migrate != null && !migrate.isExecutableInTransaction()
                ? "The migration ran outside a transaction: what it did before this statement stays, and Flyway recorded it as failed"
                + " (a guarded upgrade drops an index CREATE INDEX CONCURRENTLY left invalid, and builds it again). Before the next"
                + " upgrade, delete its history row with success = false: run mvn schema:repair." + (advice.isEmpty() ? "" : " Fix the statement.")
                : "The migration was rolled back and no history row was written." + advice;
        return new SchemaFailure(file + ", line " + e.getLineNumber() + ": the statement failed (SQLSTATE " + state + "): " + reason
                + "\n  statement: " + SqlExcerpt.of(e.getStatement()) + "\n" + aftermath, e);
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("");
    }

    private static String indent(String text) {
        return "  " + (text == null ? "" : text.strip().replace("\n", "\n  "));
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
