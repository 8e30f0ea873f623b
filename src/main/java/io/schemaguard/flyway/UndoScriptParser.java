package io.schemaguard.flyway;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.resolver.MigrationResolver;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.sqlscript.SqlScript;

import java.util.Collection;
import java.util.List;

/**
 * Parses undo scripts exactly as Flyway parses migrations: registered as a resolver that resolves
 * nothing, it keeps the script factory of the Flyway command it ran in, whose parsing context is
 * populated (placeholders such as {@code ${flyway:defaultSchema}}, the PostgreSQL parser).
 */
final class UndoScriptParser implements MigrationResolver {
    private volatile Context context;
    // A check waiting for the parser: run by the next Flyway command's resolution, before that command changes anything.
    private volatile Runnable waiting;

    @Override
    public Collection<ResolvedMigration> resolveMigrations(Context context) {
        this.context = context;
        Runnable check = waiting;
        waiting = null;
        if (check != null) {
            check.run();
        }
        return List.of();
    }

    /**
     * Runs {@code check} now if the parser is ready, else when the next Flyway command resolves its
     * migrations — for migrate, before it creates the history table or runs anything.
     */
    void whenReady(Runnable check) {
        if (ready()) {
            check.run();
        } else {
            waiting = check;
        }
    }

    boolean ready() {
        return context != null;
    }

    /** Every statement may run in the step's transaction, so transactional and other statements may be mixed. */
    SqlScript parse(LoadableResource resource) {
        return context.sqlScriptFactory.createSqlScript(resource, true, context.resourceProvider);
    }

    Configuration configuration() {
        return context.configuration;
    }

    /** The resolver context of the last Flyway command (null before the first). */
    Context context() {
        return context;
    }
}
