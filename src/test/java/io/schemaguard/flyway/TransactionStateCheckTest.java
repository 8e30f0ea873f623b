package io.schemaguard.flyway;

import io.schemaguard.output.SchemaFailure;
import io.schemaguard.testing.PostgresExtension;
import io.schemaguard.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The second line of defence behind the refusal of transaction-control statements: after each
 * statement the connection must still be in the migration's transaction (or, for a migration
 * that runs outside one, in none), whatever the statement was.
 */
@ExtendWith(PostgresExtension.class)
class TransactionStateCheckTest {
    private static final MigrationStatement STATEMENT = new MigrationStatement("V2__orders.sql", "2", 3, 7, "CALL tidy()", true);

    @Test
    void aTransactionThatEndedInsideAMigrationFailsIt(TestDatabase db) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("CREATE TABLE orders (id int)");
            TransactionControl.checkStillInTransaction(connection, STATEMENT); // still in it: nothing to say

            statement.execute("COMMIT");

            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> TransactionControl.checkStillInTransaction(connection, STATEMENT));
            assertTrue(failure.getMessage().startsWith("V2__orders.sql, line 7 (statement 3): the migration's transaction ended here"),
                    failure.getMessage());
        }
    }

    @Test
    void aTransactionLeftOpenByAMigrationOutsideOneFailsIt(TestDatabase db) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id int)");
            TransactionControl.checkStillInTransaction(connection, STATEMENT);

            statement.execute("BEGIN");

            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> TransactionControl.checkStillInTransaction(connection, STATEMENT));
            assertTrue(failure.getMessage().contains("a transaction was left open here"), failure.getMessage());
            statement.execute("ROLLBACK");
        }
    }
}
