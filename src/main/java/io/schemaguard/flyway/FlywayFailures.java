package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;
import io.schemaguard.output.SqlExcerpt;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

import java.sql.SQLException;

/** Turns what Flyway throws into one clear message saying what, where, why and what to do. */
final class FlywayFailures {
    private FlywayFailures() {
    }

    static RuntimeException translate(FlywayException e) {
        FlywaySqlScriptException script = find(e, FlywaySqlScriptException.class);
        if (script != null) {
            return sqlError(script);
        }
        ErrorCode code = e.getErrorCode();
        if (e instanceof FlywayValidateException || code == CoreErrorCode.CHECKSUM_MISMATCH || code == CoreErrorCode.VALIDATE_ERROR) {
            return new SchemaFailure("Validation of the applied migrations failed:\n" + indent(e.getMessage())
                    + "\nAn applied migration differs from its file (changed after it ran), or a file of an applied migration is gone."
                    + " Restore the file as it was when it ran and put the change in a new migration.", e);
        }
        if (code == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
            return new SchemaFailure(e.getMessage() + "\nThe schema holds objects but no history table. With guard=verify (the default)"
                    + " the upgrade adopts what is there; to record the database as already migrated, run"
                    + " mvn schema:stamp -Dschema.version=latest.", e);
        }
        if (code == CoreErrorCode.DB_CONNECTION) {
            return new SchemaFailure("Cannot connect to the database: " + e.getMessage(), e);
        }
        if (code == CoreErrorCode.CONFIGURATION || code == CoreErrorCode.ERROR || code == CoreErrorCode.DUPLICATE_VERSIONED_MIGRATION
                || code == CoreErrorCode.DUPLICATE_REPEATABLE_MIGRATION || code == CoreErrorCode.FAILED_VERSIONED_MIGRATION
                || code == CoreErrorCode.FAILED_REPEATABLE_MIGRATION || code == null) {
            return new SchemaFailure(e.getMessage(), e);
        }
        return new IllegalStateException("Flyway failed: " + e.getMessage(), e);
    }

    private static SchemaFailure sqlError(FlywaySqlScriptException e) {
        String file = e.getResource() == null ? "migration" : e.getResource().getFilename();
        SQLException sql = find(e, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "?" : sql.getSQLState();
        String reason = sql == null ? e.getMessage() : sql.getMessage();
        return new SchemaFailure(file + ", line " + e.getLineNumber() + ": the statement failed (SQLSTATE " + state + "): " + reason
                + "\n  statement: " + SqlExcerpt.of(e.getStatement())
                + "\nThe migration was rolled back and no history row was written. Fix the statement and run the upgrade again.", e);
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
