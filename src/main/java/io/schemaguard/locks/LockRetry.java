package io.schemaguard.locks;

import io.schemaguard.output.Log;
import io.schemaguard.output.SchemaFailure;
import io.schemaguard.settings.LockSettings;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs work whose statements may give up waiting for a lock (SQLSTATE 55P03): rolled back by the
 * work itself, it runs again after a pause, up to {@code lockRetries} times; then fails naming the
 * session that held the lock, as the watch saw it.
 */
public final class LockRetry {
    private final LockSettings settings;
    private final LockWaitWatch watch;
    private final Log log;

    public LockRetry(LockSettings settings, LockWaitWatch watch, Log log) {
        this.settings = settings;
        this.watch = watch;
        this.log = log;
    }

    /**
     * Runs the work, again after a lock timeout while retries remain and {@code retryable} says it
     * left nothing behind. The last failure is thrown with the blocker named and what to do.
     */
    public <T> T run(Supplier<T> work, BooleanSupplier retryable) {
        for (int attempt = 1; ; attempt++) {
            watch.forget();
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (!LockTimeout.is(e)) {
                    throw e;
                }
                if (!retryable.getAsBoolean() || !pausedForRetry(attempt)) {
                    throw new SchemaFailure(e.getMessage() + "\n" + explain(attempt), e);
                }
            }
        }
    }

    /**
     * After attempt number {@code attempt} stopped on a lock timeout and was rolled back: when a retry
     * remains, says so, pauses and returns true.
     */
    public boolean pausedForRetry(int attempt) {
        if (attempt > settings.retries()) {
            return false;
        }
        log.warn("A statement gave up waiting for a lock (" + timeoutText() + ") held by " + blocker() + ". Rolled back; running it again in "
                + pause() + " (retry " + attempt + " of " + settings.retries() + ").");
        try {
            Thread.sleep(settings.retryPause().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while pausing before a retry", e);
        }
        return true;
    }

    /** Who held the lock and what to do, after {@code attempts} attempts all stopped on a lock timeout. */
    public String explain(int attempts) {
        String pid = watch.lastWait().flatMap(w -> w.holders().stream().filter(h -> h.pid() != 0).findFirst())
                .map(h -> String.valueOf(h.pid())).orElse(null);
        return "The statement gave up waiting for a lock (" + timeoutText() + ")" + (attempts > 1 ? ", " + attempts + " times" : "")
                + ": the lock was held by " + blocker() + ".\n"
                + "Let that session commit or roll back" + (pid == null ? "" : " (or, if it is stuck, end it: SELECT pg_terminate_backend(" + pid + "))")
                + ", then run the goal again; or wait longer with a larger lockTimeout (-Dschema.lockTimeout=…)"
                + " or more retries (-Dschema.lockRetries=…).";
    }

    private String pause() {
        long millis = settings.retryPause().toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private String blocker() {
        return watch.lastWait().map(LockWait::describeHolders)
                .orElse("another session (not identified: its lock was released, or the wait was too short to see)");
    }

    private String timeoutText() {
        return settings.timeout() == null ? "the server's lock_timeout, or NOWAIT" : "lockTimeout " + settings.describeTimeout();
    }
}
