package io.schemaguard.engine;

import io.schemaguard.flyway.MigrationStatement;
import io.schemaguard.flyway.StatementGuard;
import io.schemaguard.guard.DataStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs every statement of a replay unchanged and notes those that change rows: a stamp cannot verify them. */
final class DataChangeObserver implements StatementGuard {
    private final Map<String, List<String>> byScript = new LinkedHashMap<>();

    @Override
    public SQLException execute(Connection connection, MigrationStatement statement, Execution execution) {
        DataStatement.verbOf(statement.sql()).ifPresent(verb -> byScript.computeIfAbsent(statement.script(), s -> new ArrayList<>())
                .add("statement " + statement.number() + " (line " + statement.line() + "): " + verb));
        return execution.run();
    }

    /** Per script, its data statements, e.g. {@code statement 3 (line 12): INSERT}. */
    Map<String, List<String>> dataChanges() {
        return byScript;
    }
}
