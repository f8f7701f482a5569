package io.codingit.ratelimit.internal;

import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimitPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code codingit.rate-limit.*}. Each group's {@code capacity} and {@code window} fall back to the
 * contract's defaults; a bare number as window is read as milliseconds (so the peer's
 * {@code RATE_LIMIT_WINDOW=60000} works), a unit suffix ({@code 60s}, {@code 15m}) as written.
 *
 * @param enabled          master switch; off, every budget answers "unmeasured" and no headers are sent
 * @param maxKeysPerGroup  in-memory backend only: most keys remembered per group (least recently used go first)
 * @param redisKeyPrefix   Redis backend only: prefix of every bucket key
 */
@ConfigurationProperties("codingit.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        Limit general,
        Limit llm,
        Limit github,
        Limit netlify,
        Limit auth,
        Limit read,
        Limit mcp,
        @DefaultValue("100000") int maxKeysPerGroup,
        @DefaultValue("codingit:rate-limit:") String redisKeyPrefix) {

    /**
     * The contract's budgets; {@code auth} (signup, login, refresh per client IP), {@code read} (the
     * GETs of general routes) and {@code mcp} (the MCP endpoint's messages) are ours.
     */
    static final Map<RateLimitGroup, Limit> DEFAULTS = Map.of(
            RateLimitGroup.GENERAL, new Limit(100L, Duration.ofMinutes(15)),
            RateLimitGroup.LLM, new Limit(10L, Duration.ofMinutes(1)),
            RateLimitGroup.GITHUB, new Limit(30L, Duration.ofMinutes(1)),
            RateLimitGroup.NETLIFY, new Limit(20L, Duration.ofMinutes(1)),
            RateLimitGroup.AUTH, new Limit(20L, Duration.ofMinutes(1)),
            RateLimitGroup.READ, new Limit(1500L, Duration.ofMinutes(15)),
            RateLimitGroup.MCP, new Limit(600L, Duration.ofMinutes(1)));

    /** One group's settings; either part may be left out. */
    public record Limit(Long capacity, Duration window) {
        Limit orDefaultsOf(RateLimitGroup group) {
            Limit fallback = DEFAULTS.get(group);
            return new Limit(capacity != null ? capacity : fallback.capacity(),
                    window != null ? window : fallback.window());
        }
    }

    public RateLimitProperties {
        if (maxKeysPerGroup < 1) {
            throw new IllegalArgumentException("codingit.rate-limit.max-keys-per-group must be at least 1");
        }
        // Resolve every group now so that a bad value stops the start, not the first request.
        general = resolve(RateLimitGroup.GENERAL, general);
        llm = resolve(RateLimitGroup.LLM, llm);
        github = resolve(RateLimitGroup.GITHUB, github);
        netlify = resolve(RateLimitGroup.NETLIFY, netlify);
        auth = resolve(RateLimitGroup.AUTH, auth);
        read = resolve(RateLimitGroup.READ, read);
        mcp = resolve(RateLimitGroup.MCP, mcp);
    }

    private static Limit resolve(RateLimitGroup group, Limit configured) {
        Limit limit = (configured == null ? new Limit(null, null) : configured).orDefaultsOf(group);
        new RateLimitPolicy(group, limit.capacity(), limit.window());
        return limit;
    }

    public Map<RateLimitGroup, RateLimitPolicy> policies() {
        Map<RateLimitGroup, RateLimitPolicy> policies = new EnumMap<>(RateLimitGroup.class);
        for (RateLimitGroup group : RateLimitGroup.values()) {
            Limit limit = switch (group) {
                case GENERAL -> general;
                case LLM -> llm;
                case GITHUB -> github;
                case NETLIFY -> netlify;
                case AUTH -> auth;
                case READ -> read;
                case MCP -> mcp;
            };
            policies.put(group, new RateLimitPolicy(group, limit.capacity(), limit.window()));
        }
        return policies;
    }
}
