package io.schemaguard.guard;

import java.sql.SQLException;
import java.util.List;

/**
 * What the probe found: one verdict per object the statement creates, or why it could not
 * compare (an unrecognised statement, a collision with an object it could not locate), or the
 * error that stopped the probe itself (moving the incumbent aside, or building the candidate next to it).
 *
 * @param failedObject the object the probe was judging when {@code probeError} was raised, e.g. "table t"
 * @param failedStep   what it was doing then, said of that object: "moving it aside", …
 */
record ProbeResult(List<ObjectVerdict> verdicts, String unverifiable, String failedObject, String failedStep, SQLException probeError) {

    static ProbeResult compared(List<ObjectVerdict> verdicts) {
        return new ProbeResult(List.copyOf(verdicts), null, null, null, null);
    }

    static ProbeResult unverifiable(String reason) {
        return new ProbeResult(List.of(), reason, null, null, null);
    }

    static ProbeResult failed(ObjectTarget object, String step, SQLException error) {
        return new ProbeResult(List.of(), null, object.describe(), step, error);
    }

    boolean identical() {
        return unverifiable == null && probeError == null && verdicts.stream().allMatch(ObjectVerdict::identical);
    }
}
