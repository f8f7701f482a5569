package io.codingit.tasks.internal;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
// ... existing code ...
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

    void queueChanged() {
        queue.bump();
        if (relay != null) {
            relay.publish(QUEUE);
        }
    }

    private void fromOtherServer(String signal) {
        if (signal.equals(QUEUE)) {
            queue.bump();
        } else {
            wake(signal);
        }
    }

    long queueVersion() {
    // ... existing code ...
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
// ... existing code ...
