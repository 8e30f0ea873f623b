package sample.callbacks;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A Java callback: after each migration, in its transaction, a row naming its script. */
public class RecordMigrations implements Callback {
    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try (PreparedStatement insert = context.getConnection().prepareStatement("INSERT INTO app.migration_log (script) VALUES (?)")) {
            insert.setString(1, context.getMigrationInfo().getScript());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record " + context.getMigrationInfo().getScript() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "RecordMigrations";
    }
}
