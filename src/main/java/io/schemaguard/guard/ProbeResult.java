package io.schemaguard.guard;

import java.sql.SQLException;
import java.util.List;

/**
 * What the probe found: one verdict per object the statement creates, or why it could not
 * compare (an unrecognised statement, a collision with an object it could not locate), or the
 * error that stopped the probe itself (moving the incumbent aside, or building the candidate next to it).
 * Beside the verdicts, the parts the statement builds that the database does not hold yet
 * ({@code parts}), with the objects it collided with ({@code collided}) and the catalog scope to check them in again.
 *
 * @param failedObject the object the probe was judging when {@code probeError} was raised, e.g. "table t"
 * @param failedStep   what it was doing then, said of that object: "moving it aside", …
 * @param compared     the incumbents compared with a candidate, where the catalog located them
 */
record ProbeResult(List<ObjectVerdict> verdicts, String unverifiable, String failedObject, String failedStep, SQLException probeError,
                   List<MovedIncumbent> compared, List<ObjectTarget> collided, List<StatementPart> parts, SnapshotScope scope) {

    ProbeResult {
        verdicts = List.copyOf(verdicts);
        compared = List.copyOf(compared);
        collided = List.copyOf(collided);
        parts = List.copyOf(parts);
    }

    static ProbeResult compared(List<ObjectVerdict> verdicts) {
        return compared(verdicts, List.of());
    }

    static ProbeResult compared(List<ObjectVerdict> verdicts, List<MovedIncumbent> compared) {
        return new ProbeResult(verdicts, null, null, null, null, compared, List.of(), List.of(), null);
    }

    static ProbeResult unverifiable(String reason) {
        return new ProbeResult(List.of(), reason, null, null, null, List.of(), List.of(), List.of(), null);
    }

    static ProbeResult failed(ObjectTarget object, String step, SQLException error) {
        return new ProbeResult(List.of(), null, object.describe(), step, error, List.of(), List.of(), List.of(), null);
    }

    /** The same verdicts, with what else the statement builds. */
    ProbeResult withParts(List<ObjectTarget> collided, List<StatementPart> parts, SnapshotScope scope) {
        return new ProbeResult(verdicts, unverifiable, failedObject, failedStep, probeError, compared, collided, parts, scope);
    }

    boolean identical() {
        return unverifiable == null && probeError == null && verdicts.stream().allMatch(ObjectVerdict::identical);
    }
}
