package io.codingit.ratelimit;

import io.codingit.support.TestRedis;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a context at the test Redis when one answers (else it stays in memory and the Redis tests
 * fail under CI or skip themselves elsewhere, see TestRedis), with this run's own key prefix.
 */
public class SharedRedisInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    static final String KEY_PREFIX = TestRedis.KEY_PREFIX + "http:";

    /** The properties that make a server share the budget; the second instance uses them too. */
    static java.util.Map<String, String> redisProperties() {
        return java.util.Map.of(
                "codingit.redis.url", TestRedis.url(),
                "codingit.rate-limit.redis-key-prefix", KEY_PREFIX,
                // Counting tests on a crowded 2-core machine: a stalled thread must not look like an outage.
                "codingit.redis.timeout", "2s");
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (TestRedis.available()) {
            redisProperties().forEach((key, value) -> TestPropertyValues.of(key + "=" + value).applyTo(context));
        }
    }
}
