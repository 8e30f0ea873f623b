package io.schemaguard.flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Objects;

/**
 * One change Flyway's repair makes to the history: a failed row removed, the row of an applied migration whose file
 * is gone marked as deleted (Flyway's {@code DELETE} row beside it), or an applied migration's checksum, description
 * and type realigned with its file.
 *
 * @param installedRank the row the change is about
 * @param newDescription the file's description (ALIGN only; else the row's)
 */
public record HistoryRepair(Kind kind, int installedRank, String version, String description, String type, String script,
                            Integer checksum, boolean success, String newDescription, String newType, Integer newChecksum) {

    public enum Kind {
        REMOVE_FAILED("removed failed row"), MARK_DELETED("marked deleted"), ALIGN("realigned with its file");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The migration as a user names it: its version, or a repeatable migration's description. */
    public String migration() {
        return version == null ? "repeatable " + description : "version " + version;
    }

    /** What changes, in one line. */
    public String change() {
        return switch (kind) {
            case REMOVE_FAILED -> "the history row of the failed run of " + migration() + " (" + script + ") is removed";
            case MARK_DELETED -> migration() + " (" + script + ") has no file any more: marked as deleted (a DELETE row beside it)";
            case ALIGN -> migration() + " (" + script + "): " + differences();
        };
    }

    private String differences() {
        StringBuilder text = new StringBuilder();
        if (!Objects.equals(checksum, newChecksum)) {
            text.append("checksum ").append(checksum).append(" -> ").append(newChecksum).append("; ");
        }
        if (!Objects.equals(description, newDescription)) {
            text.append("description '").append(description).append("' -> '").append(newDescription).append("'; ");
        }
        if (!Objects.equals(type, newType)) {
            text.append("type ").append(type).append(" -> ").append(newType).append("; ");
        }
        return text.isEmpty() ? "nothing differs" : text.substring(0, text.length() - 2);
    }

    /** Makes the change in the caller's transaction, as Flyway's repair writes it. */
    void apply(Connection connection, String qualifiedTable, String installedBy) throws SQLException {
        switch (kind) {
            case REMOVE_FAILED -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + qualifiedTable
                        + " WHERE installed_rank = ? AND NOT success")) {
                    delete.setInt(1, installedRank);
                    expectOne(delete.executeUpdate());
                }
            }
            case MARK_DELETED -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + qualifiedTable
                        + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                        + " SELECT coalesce(max(installed_rank), 0) + 1, ?, ?, 'DELETE', ?, ?, coalesce(?, current_user), 0, ? FROM "
                        + qualifiedTable)) {
                    insert.setString(1, version);
                    insert.setString(2, description);
                    insert.setString(3, script);
                    setInteger(insert, 4, checksum);
                    insert.setString(5, installedBy);
                    insert.setBoolean(6, success);
                    insert.executeUpdate();
                }
            }
            case ALIGN -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + qualifiedTable
                        + " SET description = ?, type = ?, checksum = ? WHERE installed_rank = ?")) {
                    update.setString(1, newDescription);
                    update.setString(2, newType);
                    setInteger(update, 3, newChecksum);
                    update.setInt(4, installedRank);
                    expectOne(update.executeUpdate());
                }
            }
        }
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    // the plan was read under the same lock: a row that vanished was changed by hand meanwhile
    private void expectOne(int rows) {
        if (rows != 1) {
            throw new IllegalStateException("The history row of rank " + installedRank + " changed while the repair ran. Nothing was changed;"
                    + " run the repair again.");
        }
    }
}
