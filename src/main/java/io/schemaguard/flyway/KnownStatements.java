package io.schemaguard.flyway;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The statements of the SQL migrations up to the target, applied and pending, parsed as Flyway
 * parses them (placeholders replaced). Read once, on first use: an upgrade whose guard never asks
 * parses nothing more than Flyway does.
 */
final class KnownStatements implements Supplier<List<MigrationStatement>> {
    private final List<MigrationEntry> entries;
    private final MigrationResources resources;
    private final UndoScriptParser parser;
    private List<MigrationStatement> statements;

    KnownStatements(List<MigrationEntry> entries, MigrationResources resources, UndoScriptParser parser) {
        this.entries = List.copyOf(entries);
        this.resources = resources;
        this.parser = parser;
    }

    @Override
    public synchronized List<MigrationStatement> get() {
        if (statements == null) {
            statements = read();
        }
        return statements;
    }

    private List<MigrationStatement> read() {
        if (!parser.ready()) {
            throw new IllegalStateException("the migrations can only be parsed inside a Flyway command");
        }
        List<MigrationStatement> read = new ArrayList<>();
        for (MigrationEntry entry : entries) {
            if (entry.script() == null || !entry.script().toLowerCase(Locale.ROOT).endsWith(".sql") || "ABOVE_TARGET".equals(entry.flywayState())) {
                continue;
            }
            LoadableResource resource = resources.getResource(entry.script());
            if (resource == null) {
                continue; // applied, and its file is gone: nothing to read
            }
            try (SqlStatementIterator iterator = parser.parse(resource).getSqlStatements()) {
                int number = 0;
                while (iterator.hasNext()) {
                    SqlStatement statement = iterator.next();
                    read.add(new MigrationStatement(resource.getFilename(), entry.version(), ++number, statement.getLineNumber(),
                            statement.getSql(), statement.canExecuteInTransaction()));
                }
            } catch (FlywayException e) {
                // an applied script Flyway can no longer parse (a placeholder since removed) names nothing; a pending one failed already
            }
        }
        return read;
    }
}
