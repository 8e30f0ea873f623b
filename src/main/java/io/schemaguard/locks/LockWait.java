package io.schemaguard.locks;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A migration statement blocked by other sessions' locks, as seen at one moment.
 *
 * @param pid            the waiting backend
 * @param statementStart when its statement began (tells one wait of a backend from its next)
 * @param millis         how long its statement has been running
 * @param statement      the first line of the waiting statement
 * @param holders        the sessions it waits for ({@code pg_blocking_pids})
 */
public record LockWait(int pid, OffsetDateTime statementStart, long millis, String statement, List<LockHolder> holders) {

    public LockWait {
        holders = List.copyOf(holders);
    }

    /** The blockers, one after the other. */
    public String describeHolders() {
        return holders.stream().map(LockHolder::describe).collect(Collectors.joining("; and by "));
    }
}
