package io.schemaguard.guard;

import java.sql.SQLException;
import java.util.List;

/**
 * What the probe found: one verdict per object the statement creates, or why it could not
 * compare (an unrecognised statement, a collision with an object it could not locate), or the
 * error the statement gives even with the incumbent out of the way.
 */
record ProbeResult(List<ObjectVerdict> verdicts, String unverifiable, SQLException statementError) {

    static ProbeResult compared(List<ObjectVerdict> verdicts) {
        return new ProbeResult(List.copyOf(verdicts), null, null);
    }

    static ProbeResult unverifiable(String reason) {
        return new ProbeResult(List.of(), reason, null);
    }

    static ProbeResult failed(SQLException error) {
        return new ProbeResult(List.of(), null, error);
    }

    boolean identical() {
        return unverifiable == null && statementError == null && verdicts.stream().allMatch(ObjectVerdict::identical);
    }
}
