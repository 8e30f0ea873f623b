package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Statement;

/** A Java migration, compiled with the project: found on the classpath location beside the SQL ones. */
public class V3__Add_account_status extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("ALTER TABLE accounts ADD COLUMN status text NOT NULL DEFAULT 'active'");
            statement.execute("CREATE INDEX accounts_status ON accounts (status)");
        }
    }
}
