package io.schemaguard.flyway;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.callback.GenericCallback;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.resolver.MigrationResolver;
import org.flywaydb.core.internal.callback.NoopCallbackExecutor;
import org.flywaydb.core.internal.callback.SqlScriptCallbackFactory;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;
import org.flywaydb.core.internal.jdbc.Results;
import org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor;
import org.flywaydb.core.internal.sqlscript.SqlScriptExecutor;
import org.flywaydb.core.internal.sqlscript.SqlScriptExecutorFactory;

import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Flyway's callbacks for a replay that names what each of them builds: the Java callbacks Flyway loaded
 * from the configuration (with its class loader), and the SQL callbacks found by Flyway's own factory and
 * run by Flyway's own executor, each wrapped to tell the observer when it has run. Events, order
 * (Flyway sorts by callback name), transactions and connections stay Flyway's; only the report is added.
 */
final class ObservedCallbacks {
    private final StatementGuard observer;

    ObservedCallbacks(StatementGuard observer) {
        this.observer = observer;
    }

    /**
     * Replaces the callbacks of {@code config} with observed ones, in Flyway's order (Java callbacks, then SQL ones).
     * {@code parsing} is the resolver context of a Flyway command on the same database: its script factory parses the
     * SQL callbacks as Flyway parses them (placeholders, the PostgreSQL parser).
     */
    void install(FluentConfiguration config, MigrationResolver.Context parsing, MigrationResources resources) {
        List<Callback> observed = new ArrayList<>();
        observed.add(new MigrationCompleted());
        for (Callback java : config.getCallbacks()) {
            observed.add(new ObservedCallback(java, true));
        }
        if (!config.isSkipDefaultCallbacks()) {
            SqlScriptExecutorFactory executors = (connection, undo, batch, outputQueryResults) -> {
                SqlScriptExecutor flyways = new DefaultSqlScriptExecutor(new JdbcTemplate(connection, Types.NULL),
                        NoopCallbackExecutor.INSTANCE, undo, batch, outputQueryResults, null);
                return (script, configuration) -> {
                    List<Results> results = flyways.execute(script, configuration);
                    observer.callbackCompleted(connection, script.getResource().getFilename());
                    return results;
                };
            };
            new SqlScriptCallbackFactory<Event>(resources, executors, parsing.sqlScriptFactory, parsing.configuration,
                    id -> Optional.ofNullable(Event.fromId(id))).getCallbacks().forEach(sql -> observed.add(new ObservedCallback(sql, false)));
        }
        // the class names go: Flyway would load them again beside their wrappers
        config.callbacks(new String[0]).callbacks(observed.toArray(Callback[]::new)).skipDefaultCallbacks(true);
        if (!Arrays.asList(config.getCallbacks()).equals(observed)) {
            throw new IllegalStateException("Flyway's callbacks could not be observed on the shadow: " + Arrays.toString(config.getCallbacks()));
        }
    }

    /**
     * Reports each migration as it completes, before any user callback of the same event (Flyway runs callbacks
     * sorted by name; this one's is empty): a Java migration's changes are then its own, not the next callback's.
     */
    private final class MigrationCompleted implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_EACH_MIGRATE && context.getMigrationInfo() != null;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            MigrationInfo info = context.getMigrationInfo();
            observer.scriptCompleted(context.getConnection(), info.getScript(), info.getVersion() == null ? null : info.getVersion().getVersion());
        }

        @Override
        public String getCallbackName() {
            return "";
        }
    }

    /**
     * A callback as Flyway runs it. A Java callback is reported here, as its class and event; a SQL callback's file is
     * reported by the executor that runs it ({@code reportsItself} false).
     */
    private final class ObservedCallback implements Callback {
        private final GenericCallback<Event> delegate;
        private final boolean reportsItself;

        ObservedCallback(GenericCallback<Event> delegate, boolean reportsItself) {
            this.delegate = delegate;
            this.reportsItself = reportsItself;
        }

        @Override
        public boolean supports(Event event, Context context) {
            return delegate.supports(event, context);
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return delegate.canHandleInTransaction(event, context);
        }

        @Override
        public void handle(Event event, Context context) {
            delegate.handle(event, context);
            if (reportsItself) {
                observer.callbackCompleted(context.getConnection(), delegate.getClass().getName() + " (" + event.getId() + ")");
            }
        }

        @Override
        public String getCallbackName() {
            return delegate.getCallbackName();
        }
    }
}
