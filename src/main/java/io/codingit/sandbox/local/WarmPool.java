package io.codingit.sandbox.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Started sandboxes waiting for an owner, per template, so that creating a sandbox is a hand-over
 * instead of mounts plus a bubblewrap start. A template gets its pool once it has been asked for; the
 * pool is refilled in the background after each hand-over.
 */
final class WarmPool<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);

    private final int size;
    private final Function<String, T> prepare;
    private final Consumer<T> discard;
    private final Map<String, ConcurrentLinkedDeque<T>> ready = new ConcurrentHashMap<>();
    private final Set<String> refilling = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    WarmPool(int size, Function<String, T> prepare, Consumer<T> discard) {
        this.size = size;
        this.prepare = prepare;
        this.discard = discard;
    }

    Optional<T> take(String templateId) {
        ConcurrentLinkedDeque<T> queue = ready.get(templateId);
        return queue == null ? Optional.empty() : Optional.ofNullable(queue.pollFirst());
    }

    /** Tops the template's pool up to its size, in the background (one refill per template at a time). */
    void refill(String templateId) {
        if (size <= 0 || closed || !refilling.add(templateId)) {
            return;
        }
        ConcurrentLinkedDeque<T> queue = ready.computeIfAbsent(templateId, k -> new ConcurrentLinkedDeque<>());
        Thread.ofVirtual().name("sandbox-warm-pool").start(() -> {
            try {
                while (!closed && queue.size() < size) {
                    queue.addLast(prepare.apply(templateId));
                }
            } catch (RuntimeException e) {
                log.warn("Could not prepare a sandbox for the warm pool: {}", e.getMessage());
            } finally {
                refilling.remove(templateId);
                if (closed) {
                    drain();
                }
            }
        });
    }

    /** Discards the template's waiting sandboxes (its template home changed). */
    void drain(String templateId) {
        ConcurrentLinkedDeque<T> queue = ready.get(templateId);
        T item;
        while (queue != null && (item = queue.pollFirst()) != null) {
            discard.accept(item);
        }
    }

    int size(String templateId) {
        ConcurrentLinkedDeque<T> queue = ready.get(templateId);
        return queue == null ? 0 : queue.size();
    }

    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!refilling.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        drain();
    }

    private void drain() {
        List<T> all = new ArrayList<>();
        ready.values().forEach(queue -> {
            T item;
            while ((item = queue.pollFirst()) != null) {
                all.add(item);
            }
        });
        all.forEach(discard);
    }
}
