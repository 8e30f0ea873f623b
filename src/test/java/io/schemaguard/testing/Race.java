package io.schemaguard.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs the same work on several threads released at the same instant, and collects what each returned or threw. */
public final class Race {
    /** One contender's result: a value, or the failure it threw. */
    public record Lap<T>(int contender, T value, Throwable failure) {
    }

    private Race() {
    }

    public static <T> List<Lap<T>> run(int contenders, IntFunction<Callable<T>> work) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(contenders);
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                Callable<T> task = work.apply(i);
                futures.add(threads.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<Lap<T>> laps = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                try {
                    laps.add(new Lap<>(i, futures.get(i).get(), null));
                } catch (java.util.concurrent.ExecutionException e) {
                    laps.add(new Lap<>(i, null, e.getCause()));
                }
            }
            return laps;
        } finally {
            threads.shutdownNow();
        }
    }
}
