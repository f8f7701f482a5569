package io.codingit.tasks.internal;

import io.codingit.tasks.TaskFinished;
import io.codingit.tasks.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue's consumers on this server. A dispatcher claims pending tasks (oldest first, within
 * the per-server and per-user limits) and runs each on a virtual thread of its own; a monitor
 * renews the leases of the running ones, passes on cancellations asked on other servers, and
 * recovers tasks whose server died (lease run out): queued again while attempts remain, else
 * ended as {@code error} with the reason. Each run has a timer for its timeout warning and timeout.
 */
@Component
class TaskWorkers implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TaskWorkers.class);
    private static final int CANDIDATES = 32;

    private final TaskStore store;
    private final TaskSignals signals;
    private final TasksProperties properties;
    private final ObjectProvider<TaskPipeline> pipelines;
    private final ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();
    /** This server's identity in {@code lease_owner}: new at every start, so a restarted server never owns old leases. */
    private final String owner = "node-" + UUID.randomUUID();
    private final Map<String, LocalRun> running = new ConcurrentHashMap<>();
    private volatile boolean active;
    private Thread dispatcher;
    private Thread monitor;

    TaskWorkers(TaskStore store, TaskSignals signals, TasksProperties properties, ObjectProvider<TaskPipeline> pipelines,
                ApplicationEventPublisher events) {
        this.store = store;
        this.signals = signals;
        this.properties = properties;
        this.pipelines = pipelines;
        this.events = events;
    }

    String owner() {
        return owner;
    }

    // ---- lifecycle ----

    @Override
    public synchronized void start() {
        active = true;
        // the monitor runs even on API-only nodes: recovering dead servers' tasks needs no pipeline
        monitor = Thread.ofVirtual().name("tasks-monitor").start(this::monitorLoop);
        if (properties.workersEnabled()) {
            if (pipelines.getIfAvailable() == null) {
                log.warn("No task pipeline is installed: tasks are accepted but stay pending");
            }
            dispatcher = Thread.ofVirtual().name("tasks-dispatcher").start(this::dispatchLoop);
        }
    }

    @Override
    public synchronized void stop() {
        active = false;
        // not interrupted: an interrupt inside a JDBC call would close a pooled connection's socket;
        // the dispatcher wakes on the signal, the monitor within a tick
        signals.localQueueChanged();
        join(dispatcher);
        join(monitor);
        List<LocalRun> runs = new ArrayList<>(running.values());
        if (!properties.releaseOnShutdown()) {
            // like a crash: leave the rows as they are; their leases run out and another server recovers them
            runs.forEach(run -> {
                run.finalized.set(true);
                run.stop(LocalRun.StopReason.SHUTDOWN);
            });
            return;
        }
        runs.forEach(run -> run.stop(LocalRun.StopReason.SHUTDOWN));
        Instant until = clock.instant().plus(Duration.ofSeconds(5));
        while (!running.isEmpty() && clock.instant().isBefore(until)) {
            sleepQuietly(Duration.ofMillis(20));
        }
        // the pipelines that did not stop in time are left running without their rows
        running.values().forEach(this::releaseForShutdown);
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    // ---- claiming ----

    private void dispatchLoop() {
        while (active) {
            long seen = signals.queueVersion();
            try {
                TaskPipeline pipeline = pipelines.getIfAvailable();
                boolean claimedAny = pipeline != null && claimSome(pipeline);
                if (!claimedAny) {
                    signals.awaitQueue(seen, properties.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // e.g. the database is briefly unreachable: try again at the next poll
                log.warn("Claiming tasks failed: {}", e.toString());
                if (!sleepQuietly(properties.pollInterval())) {
                    return;
                }
            }
        }
    }

    /** Claims what this server has room for; true if it claimed anything. */
    private boolean claimSome(TaskPipeline pipeline) {
        int free = properties.maxConcurrent() - running.size();
        if (free <= 0) {
            return false;
        }
        boolean claimedAny = false;
        Set<String> usersAtLimit = new HashSet<>();
        for (TaskRecord candidate : store.pending(CANDIDATES)) {
            if (free == 0 || !active) {
                break;
            }
            if (usersAtLimit.contains(candidate.userId())) {
                continue;
            }
            Instant now = clock.instant();
            Optional<TaskRecord> claimed = store.claim(candidate, owner, properties.maxPerUser(), now,
                    now.plus(properties.leaseDuration()), now.plus(properties.timeout()));
            if (claimed.isPresent()) {
                start(pipeline, claimed.get());
                free--;
                claimedAny = true;
            } else if (store.find(candidate.id()).map(t -> t.status() == TaskStatus.PENDING).orElse(false)) {
                usersAtLimit.add(candidate.userId());
            }
        }
        return claimedAny;
    }

    private void start(TaskPipeline pipeline, TaskRecord task) {
        LocalRun run = new LocalRun(task, owner, store, signals, properties, clock);
        running.put(task.id(), run);
        signals.taskChanged(task.id());
        Thread thread = Thread.ofVirtual().name("task-" + task.id()).unstarted(() -> execute(pipeline, run));
        run.bindTo(thread);
        thread.start();
    }

    // ---- running ----

    private void execute(TaskPipeline pipeline, LocalRun run) {
        Thread timer = Thread.ofVirtual().name("task-timer-" + run.id()).start(() -> timeLimit(run));
        try {
            run.info("Task started" + (run.task().attempts() > 1
                    ? " (attempt " + run.task().attempts() + " of " + properties.maxAttempts() + ")" : ""));
            if (run.task().cancelRequested()) {
                run.stop(LocalRun.StopReason.CANCELLED);
            }
            run.checkCancelled();
            TaskOutcome outcome = pipeline.run(run);
            Thread.interrupted();
            if (run.isCancelled()) {
                endStopped(run);
            } else {
                String message = outcome == null || outcome.message() == null ? "Task completed" : outcome.message();
                end(run, TaskStatus.COMPLETED, null, TaskLogType.SUCCESS, message, outcome);
            }
        } catch (TaskFailedException e) {
            Thread.interrupted();
            if (run.isCancelled()) {
                endStopped(run);
            } else {
                end(run, TaskStatus.ERROR, e.getMessage(), TaskLogType.ERROR, e.getMessage(), null);
            }
        } catch (RuntimeException | Error e) {
            Thread.interrupted();
            if (run.isCancelled()) {
                endStopped(run);
            } else {
                log.warn("Task {} failed unexpectedly", run.id(), e);
                String reason = "The task failed unexpectedly (" + e.getClass().getSimpleName() + ")";
                end(run, TaskStatus.ERROR, reason, TaskLogType.ERROR, reason, null);
            }
        } finally {
            timer.interrupt();
            running.remove(run.id());
            signals.localQueueChanged();
        }
    }

    /** Ends a run that was stopped, according to why. */
    private void endStopped(LocalRun run) {
        switch (run.stopReason()) {
            case CANCELLED -> end(run, TaskStatus.CANCELLED, "Cancelled", TaskLogType.INFO, "Task cancelled", null);
            case TIMEOUT -> {
                String reason = "Timed out after " + human(properties.timeout());
                end(run, TaskStatus.ERROR, reason, TaskLogType.ERROR, reason, null);
            }
            case SHUTDOWN -> releaseForShutdown(run);
            case LEASE_LOST -> run.finalized.set(true);
        }
    }

    private void releaseForShutdown(LocalRun run) {
        if (!run.finalized.compareAndSet(false, true)) {
            return;
        }
        if (run.inStore(() -> store.release(run.id(), owner, clock.instant()))) {
            run.logAlways(TaskLogType.INFO, "The server is shutting down; the task is queued to run again");
        }
    }

    /** Ends the task's row once (the worker and the cancel grace timer may race for it). */
    private void end(LocalRun run, TaskStatus status, String error, TaskLogType type, String line, TaskOutcome outcome) {
        if (!run.finalized.compareAndSet(false, true)) {
            return;
        }
        Instant now = clock.instant();
        boolean ended = run.inStore(() -> store.finish(run.id(), owner, status, error, outcome, type, line, now));
        if (ended) {
            // before the wake-up: whoever waits for the end (a cancel request) then finds its listeners done
            events.publishEvent(new TaskFinished(run.id(), run.task().userId(), status, error,
                    outcome == null ? null : outcome.branchName(), now));
        }
        signals.taskChanged(run.id());
    }

    /** Logs the warning, then stops the run at its deadline. */
    private void timeLimit(LocalRun run) {
        Duration timeout = properties.timeout();
        Duration warnAfter = timeout.minus(properties.timeoutWarning());
        try {
            if (!warnAfter.isNegative() && !warnAfter.isZero()) {
                Thread.sleep(warnAfter);
                run.log(TaskLogType.INFO, "Warning: the task will time out in " + human(properties.timeoutWarning()));
                Thread.sleep(properties.timeoutWarning());
            } else {
                Thread.sleep(timeout);
            }
            stop(run, LocalRun.StopReason.TIMEOUT);
        } catch (InterruptedException e) {
            // the run ended first
        }
    }

    // ---- stopping ----

    /** Stops a run of this server, if it runs here; false otherwise. */
    boolean stopLocal(String taskId, LocalRun.StopReason reason) {
        LocalRun run = running.get(taskId);
        if (run == null) {
            return false;
        }
        stop(run, reason);
        return true;
    }

    /**
     * Flips the run's flag and interrupts it; if the pipeline has not ended the run within
     * {@code cancel-grace}, the task is ended without it (its thread keeps its slot until it returns).
     */
    private void stop(LocalRun run, LocalRun.StopReason reason) {
        if (!run.stop(reason)) {
            return;
        }
        if (reason == LocalRun.StopReason.LEASE_LOST) {
            run.finalized.set(true);
            return;
        }
        Thread.ofVirtual().name("task-grace-" + run.id()).start(() -> {
            if (sleepQuietly(properties.cancelGrace()) && !run.finalized.get()) {
                log.warn("Task {} did not stop within {} of being {}; ending it without waiting", run.id(),
                        properties.cancelGrace(), reason);
                endStopped(run);
            }
        });
    }

    // ---- the monitor: leases, remote cancellations, recovery ----

    private void monitorLoop() {
        Instant nextRenew = Instant.MIN;
        while (active) {
            try {
                Instant now = clock.instant();
                if (!now.isBefore(nextRenew)) {
                    renewLeases();
                    nextRenew = now.plus(properties.renewInterval());
                }
                stopCancelled();
                recoverExpired();
                Thread.sleep(tick());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Task monitor failed: {}", e.toString());
                if (!sleepQuietly(tick())) {
                    return;
                }
            }
        }
    }

    private Duration tick() {
        Duration renew = properties.renewInterval();
        return properties.pollInterval().compareTo(renew) < 0 ? properties.pollInterval() : renew;
    }

    private void renewLeases() {
        List<String> ids = running.values().stream().filter(r -> !r.finalized.get()).map(LocalRun::id).toList();
        Set<String> held = store.renew(owner, ids, clock.instant().plus(properties.leaseDuration()));
        for (String id : ids) {
            LocalRun run = running.get(id);
            if (!held.contains(id) && run != null && !run.finalized.get()) {
                // deleted, or our lease ran out and another server took the task: stop writing to it
                log.info("Task {} is no longer held by this server; stopping it", id);
                stop(run, LocalRun.StopReason.LEASE_LOST);
            }
        }
    }

    private void stopCancelled() {
        List<String> ids = running.values().stream().filter(r -> !r.isCancelled()).map(LocalRun::id).toList();
        for (String id : store.cancelRequested(owner, ids)) {
            stopLocal(id, LocalRun.StopReason.CANCELLED);
        }
    }

    private void recoverExpired() {
        Instant now = clock.instant();
        for (TaskStore.Expired expired : store.expiredLeases(now)) {
            if (expired.cancelRequested()) {
                endExpired(expired, TaskStatus.CANCELLED, "Cancelled", TaskLogType.INFO,
                        "Task cancelled (its server had stopped)", now);
            } else if (expired.attempts() < properties.maxAttempts()) {
                if (store.requeueExpired(expired.id(), now)) {
                    store.appendLog(expired.id(), TaskLogType.ERROR, "The server running this task stopped responding;"
                            + " the task is queued to run again", now);
                    signals.taskChanged(expired.id());
                    signals.queueChanged();
                }
            } else {
                String reason = "The server running this task stopped responding, " + expired.attempts()
                        + (expired.attempts() == 1 ? " attempt" : " attempts") + " made; giving up";
                endExpired(expired, TaskStatus.ERROR, reason, TaskLogType.ERROR, reason, now);
            }
        }
    }

    private void endExpired(TaskStore.Expired expired, TaskStatus status, String error, TaskLogType type, String line,
                            Instant now) {
        if (store.failExpired(expired.id(), status, error, type, line, now)) {
            signals.taskChanged(expired.id());
            events.publishEvent(new TaskFinished(expired.id(), expired.userId(), status, error, null, now));
        }
    }

    // ---- helpers ----

    static String human(Duration d) {
        if (d.toMillis() % 60_000 == 0 && d.toMinutes() > 0) {
            long m = d.toMinutes();
            return m % 60 == 0 ? (m / 60) + (m == 60 ? " hour" : " hours") : m + (m == 1 ? " minute" : " minutes");
        }
        if (d.toMillis() % 1000 == 0) {
            long s = d.toSeconds();
            return s + (s == 1 ? " second" : " seconds");
        }
        return d.toMillis() + " ms";
    }

    private static void join(Thread thread) {
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return false when interrupted */
    private static boolean sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
