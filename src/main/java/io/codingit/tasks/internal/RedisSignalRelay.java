package io.codingit.tasks.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Carries task wake-ups between servers over Redis pub/sub, so that a stream served by one server
 * sees a line written on another at once rather than at its next poll, and idle workers hear of work
 * queued elsewhere. Only a latency aid: messages carry no data, the database stays the truth, and a
 * lost message (or Redis being down) costs at most one poll interval. Publishing is asynchronous and
 * never waits for Redis.
 */
final class RedisSignalRelay implements AutoCloseable {
    static final String CHANNEL = "codingit:tasks:signals";
    private static final Logger log = LoggerFactory.getLogger(RedisSignalRelay.class);

    private final String node = UUID.randomUUID().toString();
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;

    private RedisSignalRelay(RedisClient client, StatefulRedisConnection<String, String> publisher,
                             StatefulRedisPubSubConnection<String, String> subscriber) {
        this.client = client;
        this.publisher = publisher;
        this.subscriber = subscriber;
    }

    /**
     * Connects and subscribes; {@code onSignal} receives other servers' signals ({@code "q"} or a
     * task id). Null when Redis cannot be reached now: the servers then rely on polling alone.
     */
    static RedisSignalRelay connect(String url, Duration timeout, Consumer<String> onSignal) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        try {
            StatefulRedisConnection<String, String> publisher = client.connect();
            StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
            RedisSignalRelay relay = new RedisSignalRelay(client, publisher, subscriber);
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
            client.shutdown();
            return null;
        }
    }

    /** Tells the other servers; {@code signal} is "q" (the queue changed) or a task id. */
    void publish(String signal) {
        try {
            publisher.async().publish(CHANNEL, node + " " + signal);
        } catch (RuntimeException e) {
            // disconnected: the others will poll
        }
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
        publisher.closeAsync();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
