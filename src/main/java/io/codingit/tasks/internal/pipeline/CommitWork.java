package io.codingit.tasks.internal.pipeline;

import io.codingit.tasks.internal.TaskCancelledException;
import io.codingit.tasks.internal.TaskFailedException;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs the CPU-bound part of a task (reading the work tree's tar, matching ignore rules, hashing blobs into
 * the object database) on a small fixed pool of platform threads with a hard deadline (security finding 3).
 * On a virtual thread such work pins its carrier: two tasks could stop every other request of the server. A
 * platform thread is scheduled by the OS next to the carriers, the pool bounds how many run at once, and a
 * run past the deadline fails its task: the work sees {@code stop} and ends, and the caller does not wait.
 */
final class CommitWork implements AutoCloseable {
    private static final int QUEUE = 256;

    private final ThreadPoolExecutor pool;
    private final Duration deadline;

    CommitWork(int threads, Duration deadline) {
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "task-commit-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.deadline = deadline;
    }

    /**
     * Runs {@code work} on the pool and waits for it. The work is given a {@code stop} signal that turns true
     * when the task is cancelled or the deadline passes; it should check it between units of work.
     */
    <T> T run(Function<BooleanSupplier, T> work, BooleanSupplier cancelled) {
        AtomicBoolean stopped = new AtomicBoolean();
        BooleanSupplier stop = () -> stopped.get() || cancelled.getAsBoolean();
        Future<T> future;
        try {
            future = pool.submit(() -> work.apply(stop));
        } catch (RejectedExecutionException e) {
            throw new TaskFailedException("The server is too busy committing other tasks' work; try again later");
        }
        long until = System.nanoTime() + deadline.toNanos();
        try {
            while (true) {
                try {
                    return future.get(Math.min(200_000_000L, Math.max(1, until - System.nanoTime())), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (cancelled.getAsBoolean()) {
                        stopped.set(true);
                        future.cancel(true);
                        throw new TaskCancelledException();
                    }
                    if (System.nanoTime() - until >= 0) {
                        stopped.set(true);
                        future.cancel(true);
                        throw new TaskFailedException("Committing the work tree took longer than " + describe(deadline)
                                + "; nothing was committed");
                    }
                }
            }
        } catch (InterruptedException e) {
            stopped.set(true);
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new TaskCancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new TaskFailedException("Committing the work tree failed", e.getCause());
        }
    }

    private static String describe(Duration d) {
        return d.toSeconds() >= 60 && d.toSeconds() % 60 == 0 ? d.toMinutes() + " minutes" : d.toSeconds() + " seconds";
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
