package io.codingit.sandbox.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** Pause and resume of one sandbox go one at a time on this server (a resume waits for a pause in progress). */
final class TransitionLocks {
    private final Map<String, ReentrantLock> transitions = new ConcurrentHashMap<>();

    /** The sandbox's lock, made at its first pause or resume on this server. */
    ReentrantLock of(String sandboxId) {
        return transitions.computeIfAbsent(sandboxId, k -> new ReentrantLock());
    }

    /** How many calls wait for a pause or resume of the sandbox in progress on this server (SandboxPauseRaceTest). */
    int waiting(String sandboxId) {
        ReentrantLock lock = transitions.get(sandboxId);
        return lock == null ? 0 : lock.getQueueLength();
    }

    /**
     * Waits for a pause or resume of the sandbox in progress on this server, so that a request that arrives meanwhile
     * reads the row it leaves (a paused sandbox is then resumed) instead of reaching processes held for the pause.
     */
    void await(String sandboxId) {
        ReentrantLock lock = sandboxId == null ? null : transitions.get(sandboxId);
        if (lock != null && lock.isLocked() && !lock.isHeldByCurrentThread()) {
            lock.lock();
            lock.unlock();
        }
    }
}
