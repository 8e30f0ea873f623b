package io.schemaguard.guard;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/** What the server said about a failed statement, for people to read (never to decide on). */
final class ServerMessage {
    private ServerMessage() {
    }

    /** The server's message on one line, without the "ERROR:" prefix. */
    static String brief(SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server.getMessage() != null) {
                return server.getMessage();
            }
        }
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        return message.lines().findFirst().orElse("");
    }
}
