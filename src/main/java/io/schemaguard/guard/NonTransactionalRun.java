package io.schemaguard.guard;

import io.schemaguard.flyway.ConnectionLoss;
import io.schemaguard.flyway.MigrationStatement;
import io.schemaguard.flyway.PartlyRunMigration;
import io.schemaguard.locks.LockTimeout;
import io.schemaguard.output.SqlExcerpt;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A migration that runs outside a transaction (CREATE INDEX CONCURRENTLY): nothing of it is rolled
 * back once a statement has run. So its colliding statements are judged before the first one runs,
 * and when it stops half-way the failure says which statements ran and what they left, and writes
 * no history row: the next upgrade runs the migration again and adopts what is there and identical.
 */
final class NonTransactionalRun {
    private final ObjectProbe probe;
    private final List<MigrationStatement> ran = new ArrayList<>();

    NonTransactionalRun(ObjectProbe probe) {
        this.probe = probe;
    }

    /**
     * Before the first statement: every statement whose object already exists is probed (the probe
     * builds its transactional equivalent in a transaction it rolls back) and the migration is
     * refused, before anything ran, when one differs. Judged up to the first statement that is not a
     * CREATE: a DROP or ALTER may remove what a later statement collides with, so those are judged as they run.
     */
    void judgeBeforeRun(Connection connection, List<MigrationStatement> statements, boolean historyWasMissing) throws SQLException {
        ran.clear();
        IncumbentMover catalog = new IncumbentMover(connection, null);
        for (MigrationStatement statement : statements) {
            List<SqlTokens.Token> tokens = SqlTokens.of(statement.sql());
            if (tokens.isEmpty()) {
                continue;
            }
            if (!tokens.get(0).is("create")) {
                return;
            }
            if (!collides(connection, catalog, StatementTarget.of(statement.sql()))) {
                continue;
            }
            ProbeResult result = probe.compare(connection, statement.sql(), true);
            // a candidate that fails on its own may need what an earlier statement builds: judged when it runs
            if (result.probeError() == null && !result.identical()) {
                throw GuardRefusal.of(statement.script(), statement.version(), statement.number(), statement.line(), result,
                        historyWasMissing, false, "Nothing of " + name(statement) + " was applied: it runs outside a transaction, so every"
                                + " statement whose object already exists was judged before the first one ran.");
            }
        }
    }

    // An index left INVALID by an interrupted build is not judged: the statement drops it and builds it again when it runs.
    private static boolean collides(Connection connection, IncumbentMover catalog, List<ObjectTarget> targets) throws SQLException {
        for (ObjectTarget target : targets) {
            if (catalog.locate(target).isPresent() && InvalidIndexLeftover.of(connection, target) == null) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the statements of the previous script. */
    void restart() {
        ran.clear();
    }

    /** The statement ran (was not skipped): what it did stays whatever happens next. */
    void ran(MigrationStatement statement) {
        ran.add(statement);
    }

    boolean anyRan() {
        return !ran.isEmpty();
    }

    /** The failure of a statement after earlier ones ran: the SQL error, what ran, what it left, what to do. */
    PartlyRunMigration failedAfterRun(Connection connection, MigrationStatement statement, SQLException error) {
        String state = error.getSQLState() == null ? "?" : error.getSQLState();
        boolean lost = ConnectionLoss.is(error);
        String advice = lost ? " Check that the server is up, then run the upgrade again."
                : LockTimeout.SQLSTATE.equals(state) ? "" : " Fix the statement and run the upgrade again.";
        return new PartlyRunMigration(statement.script() + ", line " + statement.line() + ": "
                + (lost ? "the connection to the database was lost" : "the statement failed") + " (SQLSTATE " + state + "): "
                + error.getMessage() + "\n  statement: " + SqlExcerpt.of(statement.sql()) + "\n" + whatStays(connection, statement, lost)
                + advice, error);
    }

    /** What ran of the migration before {@code stopped}, what is in the database now, and that no history row was written. */
    String whatStays(Connection connection, MigrationStatement stopped, boolean connectionLost) {
        String name = name(stopped);
        List<String> lines = new ArrayList<>();
        lines.add(name + " runs outside a transaction: what ran before statement " + stopped.number() + " stays (nothing rolls it back).");
        for (MigrationStatement statement : ran) {
            lines.add("  ran: statement " + statement.number() + " (line " + statement.line() + "): " + firstLine(statement.sql()));
        }
        if (connectionLost) {
            lines.add("  an index statement " + stopped.number() + " had begun may be left invalid: the next upgrade drops and builds it");
        } else {
            List<String> now = objectsNow(connection, stopped);
            if (!now.isEmpty()) {
                lines.add("  in the database now: " + String.join(", ", now));
            }
        }
        lines.add("No history row was written for " + name + ": it is still pending, and the next upgrade runs it again from its"
                + " first statement, adopting what is already there and identical.");
        return String.join("\n", lines);
    }

    // The objects the statements that ran build, and an index the stopped one's failed build left invalid.
    private List<String> objectsNow(Connection connection, MigrationStatement stopped) {
        List<String> objects = new ArrayList<>();
        try {
            IncumbentMover catalog = new IncumbentMover(connection, null);
            for (MigrationStatement statement : ran) {
                for (ObjectTarget target : StatementTarget.of(statement.sql())) {
                    Optional<MovedIncumbent> found = catalog.locate(target);
                    if (found.isPresent() && !found.get().kindDiffers()) {
                        objects.add(qualified(target, found.get().schema()).describe());
                    }
                }
            }
            for (ObjectTarget target : StatementTarget.of(stopped.sql())) {
                String leftover = InvalidIndexLeftover.of(connection, target);
                if (leftover != null) {
                    objects.add("index " + leftover + ", INVALID (left by the failed build of statement " + stopped.number()
                            + ": the next upgrade drops and builds it)");
                }
            }
        } catch (SQLException e) {
            objects.add("(the catalog could not be read: " + e.getMessage() + ")");
        }
        return objects;
    }

    // The target with the schema the catalog found it in, where the statement left the name unqualified.
    private static ObjectTarget qualified(ObjectTarget target, String schema) {
        return new ObjectTarget(target.kind(), target.schema() != null || target.table() != null ? target.schema() : schema,
                target.name(), target.tableSchema() != null || target.table() == null ? target.tableSchema() : schema, target.table());
    }

    private static String name(MigrationStatement statement) {
        return GuardRefusal.shortName(statement.script(), statement.version());
    }

    // The statement's first line after the comments Flyway keeps before it.
    private static String firstLine(String sql) {
        List<String> lines = sql.strip().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--")).toList();
        if (lines.isEmpty()) {
            return sql.strip();
        }
        return lines.get(0) + (lines.size() > 1 ? " …" : "");
    }
}
