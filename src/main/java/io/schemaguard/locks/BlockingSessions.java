package io.schemaguard.locks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which of the given backends wait for a lock, and who holds it: one query over pg_blocking_pids and pg_stat_activity. */
final class BlockingSessions {
    private static final String QUERY = """
            SELECT w.pid, w.query_start, (extract(epoch FROM now() - w.query_start) * 1000)::bigint, w.query,
                   blocker.pid, b.usename, b.application_name, b.state, b.xact_start, b.query_start, b.query
            FROM pg_stat_activity w
            CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocker(pid)
            LEFT JOIN pg_stat_activity b ON b.pid = blocker.pid
            WHERE w.pid = ANY (?)
            ORDER BY w.pid, blocker.pid""";

    private BlockingSessions() {
    }

    /** The waits of {@code pids} now, read on {@code connection} (in autocommit: pg_stat_activity is read afresh). */
    static List<LockWait> read(Connection connection, Integer[] pids) throws SQLException {
        Map<Integer, LockWait> waits = new LinkedHashMap<>();
        Map<Integer, List<LockHolder>> holders = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setArray(1, connection.createArrayOf("int4", pids));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    int pid = rs.getInt(1);
                    if (!waits.containsKey(pid)) {
                        waits.put(pid, new LockWait(pid, rs.getObject(2, OffsetDateTime.class), rs.getLong(3),
                                LockHolder.firstLine(rs.getString(4)), List.of()));
                    }
                    holders.computeIfAbsent(pid, p -> new ArrayList<>()).add(new LockHolder(rs.getInt(5), rs.getString(6), rs.getString(7),
                            rs.getString(8), rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
                            LockHolder.redactedFirstLine(rs.getString(11))));
                }
            }
        }
        return waits.values().stream().map(w -> new LockWait(w.pid(), w.statementStart(), w.millis(), w.statement(), holders.get(w.pid())))
                .toList();
    }
}
