package io.codingit.tasks.internal;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A task running on this server: the {@link TaskRun} the pipeline reports through, and the
 * handle the workers use to cancel it. Once {@link #finalized} is set the task's row has been
 * ended (or given up) and nothing the pipeline still reports is written.
 */
final class LocalRun implements TaskRun {
    /** Why a run is being stopped. */
    enum StopReason { CANCELLED, TIMEOUT, LEASE_LOST, SHUTDOWN }

    private final TaskRecord task;
    private final String owner;
    private final TaskStore store;
    private final TaskSignals signals;
    private final TasksProperties properties;
    private final Clock clock;
    /**
     * Database calls hold the read side (several threads of one pipeline may log at once), an
     * interrupt takes the write side: it never lands while a thread is inside JDBC.
     */
    private final ReentrantReadWriteLock storeCall = new ReentrantReadWriteLock();
    final AtomicBoolean finalized = new AtomicBoolean();
    private volatile StopReason stopReason;
    private volatile Thread worker;
    private volatile int progress;
    private long linesWritten;
    private boolean truncationNoted;

    LocalRun(TaskRecord task, String owner, TaskStore store, TaskSignals signals, TasksProperties properties, Clock clock) {
        this.task = task;
        this.owner = owner;
        this.store = store;
        this.signals = signals;
        this.properties = properties;
        this.clock = clock;
        this.progress = task.progress();
        this.linesWritten = task.logSeq();
    }

    TaskRecord task() {
        return task;
    }

    String id() {
        return task.id();
    }

    void bindTo(Thread thread) {
        this.worker = thread;
    }

    StopReason stopReason() {
        return stopReason;
    }

    /** Flips {@link #isCancelled()} and interrupts the worker (never while it is inside the database). */
    boolean stop(StopReason reason) {
        synchronized (this) {
            if (stopReason != null) {
                return false;
            }
            stopReason = reason;
        }
        Thread thread = worker;
        if (thread != null) {
            storeCall.writeLock().lock();
            try {
                thread.interrupt();
            } finally {
                storeCall.writeLock().unlock();
            }
        }
        return true;
    }

    private TaskSpec spec;

    /** The spec with the caller's own key, if any, read back once (a key that cannot be read fails the run). */
    @Override
    public synchronized TaskSpec spec() {
        if (spec == null) {
            spec = store.spec(task);
        }
        return spec;
    }

    @Override
    public void log(TaskLogType type, String message) {
        if (type == null || finalized.get()) {
            return;
        }
        String text = message == null ? "" : message;
        if (text.length() > properties.maxLogLineLength()) {
            text = text.substring(0, properties.maxLogLineLength()) + " [cut]";
        }
        synchronized (this) {
            if (linesWritten >= properties.maxLogLines()) {
                if (truncationNoted) {
                    return;
                }
                truncationNoted = true;
                type = TaskLogType.INFO;
                text = "Log limit of " + properties.maxLogLines() + " lines reached; later lines are not kept";
            }
            linesWritten++;
        }
        String line = text;
        TaskLogType lineType = type;
        inStore(() -> store.appendLog(task.id(), lineType, line, clock.instant()));
        signals.taskChanged(task.id());
    }

    /** Writes a line whatever the state (used by the workers for the last word on a task). */
    void logAlways(TaskLogType type, String message) {
        inStore(() -> store.appendLog(task.id(), type, message, clock.instant()));
        signals.taskChanged(task.id());
    }

    @Override
    public void progress(int percent) {
        int p = Math.max(0, Math.min(100, percent));
        if (finalized.get() || p <= progress) {
            return;
        }
        progress = p;
        if (inStore(() -> store.progress(task.id(), owner, p, clock.instant()))) {
            signals.taskChanged(task.id());
        }
    }

    @Override
    public void branchName(String branch) {
        setField("branch_name", branch);
    }

    @Override
    public void sandboxUrl(String url) {
        setField("sandbox_url", url);
    }

    private void setField(String column, String value) {
        if (finalized.get()) {
            return;
        }
        if (inStore(() -> store.setField(task.id(), owner, column, value, clock.instant()))) {
            signals.taskChanged(task.id());
        }
    }

    @Override
    public boolean isCancelled() {
        return stopReason != null;
    }

    /**
     * Runs a database call with the thread's interrupt flag cleared and restored afterwards: an
     * interrupt inside JDBC would close the connection's socket (or H2's file channel).
     */
    <T> T inStore(Supplier<T> call) {
        storeCall.readLock().lock();
        boolean interrupted = Thread.interrupted();
        try {
            return call.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            storeCall.readLock().unlock();
        }
    }
}
