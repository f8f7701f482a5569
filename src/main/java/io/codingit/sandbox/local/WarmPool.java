package io.codingit.sandbox.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Started sandboxes waiting for an owner, per template, so that creating a sandbox is a hand-over
 * instead of mounts plus a bubblewrap start. A template gets its pool once it has been asked for; the
 * pool is refilled in the background after each hand-over.
 *
 * <p>The pool follows demand: it holds {@code size} sandboxes, or as many as were asked for within one
 * {@link #BURST_SPAN} recently (in the last {@code window}), up to {@code maxSize}. A burst that drains the
 * pool so makes it that large for the next one; once the burst is older than the window, the extra sandboxes
 * are discarded again (they hold memory: an interpreter sandbox with its driver started is about 50 MiB).
 */
final class WarmPool<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);
    /** Creates this close together count as one burst of demand. */
    static final Duration BURST_SPAN = Duration.ofSeconds(10);
    /** The most create times kept per template (a bound on memory under a long, steady stream of creates). */
    private static final int MAX_REMEMBERED = 10_000;

    private final int size;
    private final int maxSize;
    private final long windowNanos;
    private final Function<String, T> prepare;
    private final Consumer<T> discard;
    private final Map<String, ConcurrentLinkedDeque<T>> ready = new ConcurrentHashMap<>();
    private final Map<String, Demand> demand = new ConcurrentHashMap<>();
    private final Set<String> refilling = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService trimmer;
    private final LongSupplier nanoTime;
    private volatile boolean closed;

    /** A pool of fixed size. */
    WarmPool(int size, Function<String, T> prepare, Consumer<T> discard) {
        this(size, 0, Duration.ofMinutes(10), prepare, discard);
    }

    /**
     * @param size    sandboxes kept per template once it has been asked for; 0 disables the pool
     * @param maxSize the most a template's pool grows to with demand; at or below {@code size} it stays at {@code size}
     * @param window  how long a burst of demand keeps the pool at its size
     */
    WarmPool(int size, int maxSize, Duration window, Function<String, T> prepare, Consumer<T> discard) {
        this(size, maxSize, window, prepare, discard, System::nanoTime);
    }

    /** @param nanoTime the clock demand is measured with (tests move it) */
    WarmPool(int size, int maxSize, Duration window, Function<String, T> prepare, Consumer<T> discard, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.size = size;
        this.maxSize = Math.max(size, maxSize);
        this.windowNanos = window.toNanos();
        this.prepare = prepare;
        this.discard = discard;
        if (size > 0 && this.maxSize > size) {
            long period = Math.max(1, Math.min(window.toSeconds() / 4, 30));
            trimmer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("sandbox-warm-pool-trim").factory());
            trimmer.scheduleWithFixedDelay(this::trim, period, period, TimeUnit.SECONDS);
        } else {
            trimmer = null;
        }
    }

    /** A waiting sandbox of the template, if one is ready; either way the ask counts as demand. */
    Optional<T> take(String templateId) {
        if (size > 0) {
            demand.computeIfAbsent(templateId, k -> new Demand()).record(nanoTime.getAsLong());
        }
        ConcurrentLinkedDeque<T> queue = ready.get(templateId);
        return queue == null ? Optional.empty() : Optional.ofNullable(queue.pollFirst());
    }

    /** How many sandboxes the template's pool holds now: its size, or the recent demand up to the maximum. */
    int target(String templateId) {
        if (size <= 0) {
            return 0;
        }
        Demand recent = demand.get(templateId);
        int peak = recent == null ? 0 : recent.peak(nanoTime.getAsLong());
        return Math.max(size, Math.min(maxSize, peak));
    }

    /** Tops the template's pool up to its target, in the background (one refill per template at a time). */
    void refill(String templateId) {
        if (size <= 0 || closed || !refilling.add(templateId)) {
            return;
        }
        ConcurrentLinkedDeque<T> queue = ready.computeIfAbsent(templateId, k -> new ConcurrentLinkedDeque<>());
        Thread.ofVirtual().name("sandbox-warm-pool").start(() -> {
            try {
                while (!closed && queue.size() < target(templateId)) {
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

    /** Discards what a pool holds beyond its target, once the demand that grew it is older than the window. */
    void trim() {
        ready.forEach((templateId, queue) -> {
            int target = target(templateId);
            T item;
            while (!closed && queue.size() > target && (item = queue.pollLast()) != null) {
                discard.accept(item);
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
        if (trimmer != null) {
            trimmer.shutdownNow();
        }
        // a refill in flight may be warming a sandbox up (an interpreter start, up to its start timeout): it is
        // discarded when it ends, so wait for it rather than leave it running without an owner
        long deadline = System.nanoTime() + 40_000_000_000L;
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

    /** When a template was asked for, within the window: the biggest burst is the pool's next size. */
    private final class Demand {
        private final ArrayDeque<Long> asked = new ArrayDeque<>();

        synchronized void record(long now) {
            forgetOld(now);
            if (asked.size() >= MAX_REMEMBERED) {
                asked.pollFirst();
            }
            asked.addLast(now);
        }

        /** The most asks within any {@link #BURST_SPAN} of the window. */
        synchronized int peak(long now) {
            forgetOld(now);
            long span = BURST_SPAN.toNanos();
            Long[] times = asked.toArray(new Long[0]);
            int best = 0;
            int from = 0;
            for (int to = 0; to < times.length; to++) {
                while (times[to] - times[from] > span) {
                    from++;
                }
                best = Math.max(best, to - from + 1);
            }
            return best;
        }

        private void forgetOld(long now) {
            while (!asked.isEmpty() && now - asked.peekFirst() > windowNanos) {
                asked.pollFirst();
            }
        }
    }
}
