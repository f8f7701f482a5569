package io.codingit.sandbox.terminal;


import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the open interactive terminals per user and per sandbox against {@code codingit.terminal.max-sessions-*}
 * (security finding 6): each is a shell and a pseudo-terminal helper in the sandbox and a relay thread here.
 */
class TerminalSlots {
    private final TerminalProperties properties;
    private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> perSandbox = new ConcurrentHashMap<>();

    TerminalSlots(TerminalProperties properties) {
        this.properties = properties;
    }

    /** A slot released exactly once, however often {@link #close()} is called. */
    final class Slot implements AutoCloseable {
        private final String userId;
        private final String sandboxId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String userId, String sandboxId) {
            this.userId = userId;
            this.sandboxId = sandboxId;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(userId, sandboxId);
            }
        }
    }

    /** Why a slot was refused, for the 429's message. */
    sealed interface Outcome permits Granted, Refused {
    }

    record Granted(Slot slot) implements Outcome {
    }

    record Refused(String message) implements Outcome {
    }

    synchronized Outcome acquire(String userId, String sandboxId) {
        int user = perUser.getOrDefault(userId, 0);
        int sandbox = perSandbox.getOrDefault(sandboxId, 0);
        if (user >= properties.maxSessionsPerUser()) {
            return new Refused("You already have " + user + " open terminals, the most allowed per user; close one first");
        }
        if (sandbox >= properties.maxSessionsPerSandbox()) {
            return new Refused("Sandbox " + sandboxId + " already has " + sandbox + " open terminals, the most allowed per sandbox");
        }
        perUser.merge(userId, 1, Integer::sum);
        perSandbox.merge(sandboxId, 1, Integer::sum);
        return new Granted(new Slot(userId, sandboxId));
    }

    private synchronized void release(String userId, String sandboxId) {
        perUser.computeIfPresent(userId, (k, n) -> n <= 1 ? null : n - 1);
        perSandbox.computeIfPresent(sandboxId, (k, n) -> n <= 1 ? null : n - 1);
    }

    static Optional<Slot> slotOf(java.util.Map<String, Object> attributes) {
        return Optional.ofNullable((Slot) attributes.get(SLOT));
    }

    static final String SLOT = "terminal-slot";
}
