package io.codingit.sandbox.local;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm pool's size follows demand: a burst grows it up to its maximum, and it shrinks once the burst is old. */
class WarmPoolTest {
    private static final String TEMPLATE = "code-interpreter-v1";

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger prepared = new AtomicInteger();
    private final List<String> discarded = new CopyOnWriteArrayList<>();

    private WarmPool<String> pool(int size, int max) {
        return new WarmPool<>(size, max, Duration.ofMinutes(10), template -> template + "-" + prepared.incrementAndGet(),
                discarded::add, now::get);
    }

    @Test
    void aBurstGrowsThePoolToItsSizeUpToTheMaximum() {
        try (WarmPool<String> pool = pool(2, 6)) {
            assertThat(pool.target(TEMPLATE)).isEqualTo(2);
            for (int i = 0; i < 4; i++) {
                pool.take(TEMPLATE);
                now.addAndGet(Duration.ofSeconds(1).toNanos());
            }
            assertThat(pool.target(TEMPLATE)).isEqualTo(4);
            for (int i = 0; i < 10; i++) {
                pool.take(TEMPLATE);
            }
            assertThat(pool.target(TEMPLATE)).isEqualTo(6);
            pool.refill(TEMPLATE);
            awaitSize(pool, 6);
        }
    }

    @Test
    void asksFartherApartThanABurstDoNotAddUp() {
        try (WarmPool<String> pool = pool(2, 64)) {
            for (int i = 0; i < 10; i++) {
                pool.take(TEMPLATE);
                now.addAndGet(WarmPool.BURST_SPAN.toNanos() + 1);
            }
            assertThat(pool.target(TEMPLATE)).isEqualTo(2);
        }
    }

    @Test
    void anOldBurstNoLongerCountsAndTheExtraSandboxesAreDiscarded() {
        try (WarmPool<String> pool = pool(1, 8)) {
            for (int i = 0; i < 5; i++) {
                pool.take(TEMPLATE);
            }
            pool.refill(TEMPLATE);
            awaitSize(pool, 5);
            now.addAndGet(Duration.ofMinutes(11).toNanos());
            assertThat(pool.target(TEMPLATE)).isEqualTo(1);
            pool.trim();
            assertThat(pool.size(TEMPLATE)).isEqualTo(1);
            assertThat(discarded).hasSize(4);
        }
    }

    @Test
    void aPoolWhoseMaximumIsItsSizeKeepsItsSize() {
        try (WarmPool<String> pool = pool(2, 0)) {
            for (int i = 0; i < 20; i++) {
                pool.take(TEMPLATE);
            }
            assertThat(pool.target(TEMPLATE)).isEqualTo(2);
        }
        try (WarmPool<String> disabled = pool(0, 64)) {
            disabled.take(TEMPLATE);
            assertThat(disabled.target(TEMPLATE)).isZero();
        }
    }

    private static void awaitSize(WarmPool<String> pool, int size) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pool.size(TEMPLATE) < size && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(pool.size(TEMPLATE)).isEqualTo(size);
    }
}
