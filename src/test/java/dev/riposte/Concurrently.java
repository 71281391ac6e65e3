package dev.riposte;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a race for a test: every piece of {@code work} on a pool of {@code threads}, their results in order. */
public final class Concurrently {
    private Concurrently() {}

    /** The results in the order of {@code work}; the first failure of any piece is thrown (as an ExecutionException). */
    public static <T> List<T> run(int threads, List<Callable<T>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(work)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
