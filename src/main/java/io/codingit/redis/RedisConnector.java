package io.codingit.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's one Redis client (one Lettuce client, its threads, and one command connection),
 * shared by every feature that uses Redis: rate-limit buckets and task signals. Pub/sub needs a
 * connection of its own, by Redis's protocol; {@link #connectPubSub()} opens it on the same client.
 * Never allowed to slow requests down. A command takes at most {@code timeout}. A connection attempt takes at most {@code connectTimeout} and happens at
 * start, then at most once per {@code retryInterval}, made by one caller while the others use the
 * fallback. While Redis is unreachable (or after a failed command) callers are told "not
 * available" at once for {@code retryInterval} instead of each one waiting for a timeout. Once
 * connected, Lettuce reconnects by itself and rejects commands while disconnected rather than
 * queueing them.
 */
public final class RedisConnector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

    private final RedisClient client;
    private final long retryIntervalNanos;
    private final ThrottledWarning warning = new ThrottledWarning(log, Duration.ofMinutes(1));
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile long unavailableUntilNanos = System.nanoTime();

    public RedisConnector(RedisProperties properties) {
        RedisURI uri = RedisURI.create(properties.url());
        // The first connection of a process pays for Netty's start-up, so connecting gets longer
        // than a command; commands themselves are bounded by the timeout options below.
        uri.setTimeout(properties.connectTimeout());
        this.client = RedisClient.create(uri);
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(properties.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(properties.timeout()))
                .build());
        this.retryIntervalNanos = properties.retryInterval().toNanos();
        connect(); // now, so that a wrong URL is reported at start (the start goes on without Redis)
    }

    /** The connection, unless Redis is known to be unreachable right now. Never blocks for long. */
    public Optional<StatefulRedisConnection<String, byte[]>> available() {
        if (System.nanoTime() - unavailableUntilNanos < 0) {
            return Optional.empty();
        }
        StatefulRedisConnection<String, byte[]> current = connection;
        if (current != null) {
            return current.isOpen() ? Optional.of(current) : Optional.empty();
        }
        return connect();
    }

    /** A command failed: spare the next requests the wait, until the retry interval is over. */
    public void reportFailure(String what, RuntimeException cause) {
        unavailableUntilNanos = System.nanoTime() + retryIntervalNanos;
        warning.warn(what, cause);
    }

    private Optional<StatefulRedisConnection<String, byte[]>> connect() {
        if (!connecting.tryLock()) {
            return Optional.empty(); // another caller is connecting; do not queue requests behind it
        }
        try {
            if (System.nanoTime() - unavailableUntilNanos < 0) {
                return Optional.empty(); // a concurrent attempt has just failed
            }
            if (connection == null) {
                connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                log.info("Connected to Redis; rate-limit budgets and task signals are shared between instances");
            }
            return Optional.of(connection);
        } catch (RuntimeException e) {
            reportFailure("Redis is unreachable; rate limits fall back to per-instance budgets and tasks to polling", e);
            return Optional.empty();
        } finally {
            connecting.unlock();
        }
    }

    /**
     * Publishes {@code message} on {@code channel} without waiting for Redis; dropped (false) while
     * Redis is unavailable, so only for messages whose loss costs latency, not correctness.
     */
    public boolean publish(String channel, String message) {
        Optional<StatefulRedisConnection<String, byte[]>> current = available();
        if (current.isEmpty()) {
            return false;
        }
        try {
            current.get().async().publish(channel, message.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (RuntimeException e) {
            return false; // disconnected: Lettuce rejects at once rather than queueing
        }
    }

    /** A new pub/sub connection on the shared client (the caller closes it); throws when Redis is unreachable. */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return client.connectPubSub();
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, byte[]> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
