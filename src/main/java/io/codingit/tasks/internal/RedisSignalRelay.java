package io.codingit.tasks.internal;

import io.codingit.redis.RedisConnector;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Carries task wake-ups between servers over Redis pub/sub, so that a stream served by one server
 * sees a line written on another at once rather than at its next poll, and idle workers hear of work
 * queued elsewhere. Only a latency aid: messages carry no data, the database stays the truth, and a
 * lost message (or Redis being down) costs at most one poll interval. Publishing goes through the
 * server's shared Redis connection ({@link RedisConnector}) and never waits for Redis; listening
 * needs a pub/sub connection of its own on the same client.
 */
final class RedisSignalRelay implements AutoCloseable {
    static final String CHANNEL = "codingit:tasks:signals";
    private static final Logger log = LoggerFactory.getLogger(RedisSignalRelay.class);

    private final String node = UUID.randomUUID().toString();
    private final RedisConnector redis;
    private final StatefulRedisPubSubConnection<String, String> subscriber;

    private RedisSignalRelay(RedisConnector redis, StatefulRedisPubSubConnection<String, String> subscriber) {
        this.redis = redis;
        this.subscriber = subscriber;
    }

    /**
     * Subscribes; {@code onSignal} receives other servers' signals ({@code "q"} or a task id). Null
     * when Redis cannot be reached now: the servers then rely on polling alone.
     */
    static RedisSignalRelay connect(RedisConnector redis, Consumer<String> onSignal) {
        try {
            StatefulRedisPubSubConnection<String, String> subscriber = redis.connectPubSub();
            RedisSignalRelay relay = new RedisSignalRelay(redis, subscriber);
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    relay.received(message, onSignal);
                }
            });
            subscriber.sync().subscribe(CHANNEL);
            return relay;
        } catch (RuntimeException e) {
            log.warn("Redis unreachable for task signals ({}); servers see each other's task changes by polling",
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /** Tells the other servers; {@code signal} is "q" (the queue changed) or a task id. */
    void publish(String signal) {
        redis.publish(CHANNEL, node + " " + signal);
    }

    private void received(String message, Consumer<String> onSignal) {
        int space = message.indexOf(' ');
        if (space > 0 && !message.regionMatches(0, node, 0, space)) {
            onSignal.accept(message.substring(space + 1));
        }
    }

    @Override
    public void close() {
        subscriber.closeAsync();
    }
}
