package io.schemaguard.flyway;

import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A Java callback reading every column of the table {@code board}, once it exists, after each migration, with a
 * prepared statement: from its fifth run the driver keeps it prepared on the server.
 */
public class BoardReadingCallback extends BaseCallback {
    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public void handle(Event event, Context context) {
        try (PreparedStatement exists = context.getConnection().prepareStatement("SELECT to_regclass('board') IS NOT NULL");
             ResultSet found = exists.executeQuery()) {
            found.next();
            if (!found.getBoolean(1)) {
                return;
            }
            try (PreparedStatement read = context.getConnection().prepareStatement("SELECT * FROM board"); ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    rows.getObject(rows.getMetaData().getColumnCount());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
