package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.MigrationInfo;

import java.sql.SQLException;

/**
 * A Java migration failed because an object it creates already exists. It ran as Flyway runs it, so the
 * guard saw none of its statements and cannot tell whether what exists is what it would build: refused,
 * saying what was kept and how to record a database that already holds the migration's objects.
 */
final class JavaMigrationRefusal extends SchemaFailure {
    private JavaMigrationRefusal(String message, Throwable cause) {
        super(message, cause);
    }

    static boolean isJavaMigration(MigrationInfo migration) {
        return migration != null && migration.getType() == CoreMigrationType.JDBC;
    }

    /**
     * @param inTransaction whether the migration ran in a transaction (Flyway rolled it back)
     * @param group         whether all migrations of the run shared that transaction
     */
    static JavaMigrationRefusal of(MigrationInfo migration, SQLException duplicate, boolean inTransaction, boolean group) {
        String version = migration.getVersion() == null ? null : migration.getVersion().getVersion();
        String name = (version == null ? "repeatable Java migration " : "Java migration V" + version + " ") + migration.getScript();
        String kept = !inTransaction
                ? "It ran outside a transaction: what it did before the failure stays, and Flyway recorded it as failed; delete that"
                + " history row (success = false) before the next upgrade."
                : group ? "Flyway rolled back its transaction, and with it every migration of this run (group=true); no history row was written."
                : "Flyway rolled back its transaction: nothing of it was kept, and no history row was written.";
        String todo = version == null
                ? "Remove or rename the existing object, or make the migration skip what exists, then run the upgrade again."
                : "If the database already holds what it builds (it was run by hand, or its objects were made another way), record it"
                + " verified: mvn schema:stamp -Dschema.version=" + version + " compares the database with what the migrations up to "
                + version + " build (replayed on a shadow database) and records them only when identical. Otherwise remove or rename"
                + " the existing object, or make the migration skip what exists.";
        return new JavaMigrationRefusal(name + " failed because an object it creates already exists (SQLSTATE " + duplicate.getSQLState()
                + "): " + duplicate.getMessage().strip() + "\nThe guard compares the statements of SQL migrations; a Java migration runs"
                + " as Flyway runs it, so the guard cannot judge its statements or tell whether the existing object is what it would build.\n"
                + kept + "\n" + todo, duplicate);
    }
}
