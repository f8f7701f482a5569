package io.codingit.redis;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The one Redis client, and its health, when {@code codingit.redis.url} is set; nothing otherwise. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(RedisConfigured.class)
    RedisConnector redisConnector(RedisProperties redis) {
        return new RedisConnector(redis);
    }

    /** Named "redis" so that it appears as {@code components.redis} in {@code /api/health}. */
    @Bean("redis")
    @Conditional(RedisConfigured.class)
    RedisHealthIndicator redisHealthIndicator(RedisConnector connector) {
        return new RedisHealthIndicator(connector);
    }
}
