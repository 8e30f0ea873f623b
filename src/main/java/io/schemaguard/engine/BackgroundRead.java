package io.schemaguard.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A read on a session of its own, run on a thread of its own while the caller works on another (the target's
 * catalog read while the shadow replays: the server and the client each have work for both cores).
 * {@link #close} waits for it, so no session outlives the goal.
 */
final class BackgroundRead<T> implements AutoCloseable {
    private final FutureTask<T> task;
    private final Thread thread;

    private BackgroundRead(String name, Callable<T> read) {
        this.task = new FutureTask<>(read);
        this.thread = new Thread(task, name);
        thread.setDaemon(true);
    }

    static <T> BackgroundRead<T> start(String name, Callable<T> read) {
        BackgroundRead<T> background = new BackgroundRead<>(name, read);
        background.thread.start();
        return background;
    }

    /** What the read returned; its failure is thrown here, as if the caller had read itself. */
    T join() {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the target's catalog", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
