package io.schemaguard.guard;

import java.sql.SQLException;
import java.util.List;

/**
 * What the probe found: one verdict per object the statement creates, or why it could not
 * compare (an unrecognised statement, a collision with an object it could not locate), or the
 * error the statement gives even with the incumbent out of the way.
 *
 * @param compared the incumbents compared with a candidate, where the catalog located them
 */
record ProbeResult(List<ObjectVerdict> verdicts, String unverifiable, SQLException statementError, List<MovedIncumbent> compared) {

    static ProbeResult compared(List<ObjectVerdict> verdicts) {
        return compared(verdicts, List.of());
    }

    static ProbeResult compared(List<ObjectVerdict> verdicts, List<MovedIncumbent> compared) {
        return new ProbeResult(List.copyOf(verdicts), null, null, List.copyOf(compared));
    }

    static ProbeResult unverifiable(String reason) {
        return new ProbeResult(List.of(), reason, null, List.of());
    }

    static ProbeResult failed(SQLException error) {
        return new ProbeResult(List.of(), null, error, List.of());
    }

    boolean identical() {
        return unverifiable == null && statementError == null && verdicts.stream().allMatch(ObjectVerdict::identical);
    }
}
