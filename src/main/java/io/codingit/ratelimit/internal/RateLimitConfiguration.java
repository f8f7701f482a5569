package io.codingit.ratelimit.internal;

import io.codingit.ratelimit.RateLimitPolicy;
import io.codingit.ratelimit.RateLimiter;
import io.codingit.redis.RedisConnector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;
import java.util.Collection;

/**
 * Wires the limiter: in-memory buckets by default, in the server's shared Redis when there is one
 * (the redis feature's {@link RedisConnector}, with the in-memory buckets as its fallback), and the interceptor that applies it to handlers.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    RateLimiter rateLimiter(RateLimitProperties properties, ObjectProvider<RedisConnector> connector) {
        Collection<RateLimitPolicy> policies = properties.policies().values();
        InMemoryBucketStore memory = new InMemoryBucketStore(policies, properties.maxKeysPerGroup());
        RedisConnector redisConnector = connector.getIfAvailable();
        BucketStore store = redisConnector == null ? memory
                : new RedisBucketStore(redisConnector, memory, policies, properties.redisKeyPrefix(),
                properties.maxKeysPerGroup());
        return new BucketRateLimiter(properties.policies(), store, properties.enabled());
    }

    /** Lazy like springdoc, which asks for it when the API description is first requested (web.LazyOpenApi). */
    @Bean
    @Lazy
    RateLimitOpenApi rateLimitOpenApi(RateLimiter limiter) {
        return new RateLimitOpenApi(limiter);
    }

    @Bean
    WebMvcConfigurer rateLimitInterceptorRegistration(RateLimitProperties properties,
                                                      ObjectProvider<RateLimiter> limiter) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                if (properties.enabled()) {
                    registry.addInterceptor(new RateLimitInterceptor(limiter.getObject(),
                            new RateLimitHeaders(Clock.systemUTC())));
                }
            }
        };
    }
}
