package io.codingit.redis;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code codingit.redis.*}: the Redis that several server instances share, for one rate-limit budget
 * and for task wake-ups. Unset URL: everything stays in memory on each instance.
 *
 * @param url               {@code redis://[:password@]host:port[/db]} or {@code rediss://...}; empty = no Redis
 * @param timeout           bound on every command, so a hung Redis cannot hang requests
 * @param connectTimeout    bound on opening the connection (TCP and handshake)
 * @param retryInterval     after a failure, how long requests use the per-instance fallback before Redis is tried again
 */
@ConfigurationProperties("codingit.redis")
public record RedisProperties(
        @DefaultValue("") String url,
        @DefaultValue("200ms") Duration timeout,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration retryInterval) {
}
