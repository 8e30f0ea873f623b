package io.schemaguard.engine;

import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * A Java callback as a project writes one: after every migrate it makes sure its table is there, on the
 * connection Flyway gives it (named by class name in {@code flyway.callbacks}).
 */
public class AuditJavaCallback extends BaseCallback {
    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public void handle(Event event, Context context) {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS java_audit (id bigint PRIMARY KEY, note text NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
