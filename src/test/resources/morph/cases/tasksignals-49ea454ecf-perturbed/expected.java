package io.codingit.tasks.internal;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process wake-ups, so that work on this server is seen at once instead of at the next poll:
 * the workers wake when a task is queued or a slot frees, an event stream wakes when its task
 * logs a line or changes. Across servers the database is the truth and is polled; with Redis
 * configured ({@code codingit.redis.url}) the signals also reach the other servers through
 * {@link RedisSignalRelay}. A signal only shortens the wait, so a lost one costs latency, never
 * correctness.
 */
@Component
class TaskSignals {
    private static final String QUEUE = "q";

    private final Channel queue = new Channel();
    private final ConcurrentHashMap<String, Channel> tasks = new ConcurrentHashMap<>();
    private final RedisSignalRelay relay;

    TaskSignals(@Value("${codingit.redis.url:}") String redisUrl,
                @Value("${codingit.redis.connect-timeout:2s}") Duration redisTimeout) {
        this.relay = redisUrl == null || redisUrl.isBlank() ? null
                : RedisSignalRelay.connect(redisUrl, redisTimeout, this::fromOtherServer);
    }

    @PreDestroy
    void close() {
        if (relay != null) {
            relay.close();
        }
    }

    /** A task was queued (or queued again): this server's workers and, through Redis, the others'. */
    void queueChanged() {
        queue.bump();
        if (relay != null) {
            relay.publish(QUEUE);
        }
    }

    /**
     * Only this server's dispatcher cares (a slot freed, or it must stop): telling the other servers
     * would wake all their idle workers for nothing.
     */
    void localQueueChanged() {
        queue.bump();
    }

    private void fromOtherServer(String signal) {
        if (signal.equals(QUEUE)) {
            queue.bump();
        } else {
            wake(signal);
        }
    }

    long queueVersion() {
        return queue.version();
    }

    /** Waits until the queue changed after {@code seen} or {@code timeout} passed. */
    void awaitQueue(long seen, Duration timeout) throws InterruptedException {
        queue.await(seen, timeout);
    }

    void taskChanged(String taskId) {
        wake(taskId);
        if (relay != null) {
            relay.publish(taskId);
        }
    }

    private void wake(String taskId) {
        Channel channel = tasks.get(taskId);
        if (channel != null) {
            channel.bump();
        }
    }

    /** Follows one task's changes until closed. */
    Subscription subscribe(String taskId) {
        Channel channel = tasks.compute(taskId, (id, existing) -> {
            Channel c = existing == null ? new Channel() : existing;
            c.subscribers++;
            return c;
        });
        return new Subscription(taskId, channel);
    }

    final class Subscription implements AutoCloseable {
        private final String taskId;
        private final Channel channel;

        private Subscription(String taskId, Channel channel) {
            this.taskId = taskId;
            this.channel = channel;
        }

        long version() {
            return channel.version();
        }

        void await(long seen, Duration timeout) throws InterruptedException {
            channel.await(seen, timeout);
        }

        @Override
        public void close() {
            tasks.computeIfPresent(taskId, (id, c) -> --c.subscribers == 0 ? null : c);
        }
    }

    /** A version number and a condition to wait for it to move; a lock rather than a monitor for virtual threads. */
    private static final class Channel {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition moved = lock.newCondition();
        private long version;
        /** guarded by the map's compute */
        private int subscribers;

        void bump() {
            lock.lock();
            try {
                version++;
                moved.signalAll();
            } finally {
                lock.unlock();
            }
        }

        long version() {
            lock.lock();
            try {
                return version;
            } finally {
                lock.unlock();
            }
        }

        void await(long seen, Duration timeout) throws InterruptedException {
            long nanos = timeout.toNanos();
            lock.lock();
            try {
                while (version == seen && nanos > 0) {
                    nanos = moved.awaitNanos(nanos);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
