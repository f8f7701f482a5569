package io.codingit.ratelimit.internal;

import io.codingit.ratelimit.RateLimitDecision;
import io.codingit.ratelimit.RateLimitPolicy;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Clock;
import java.time.Duration;

/**
 * Writes a decision as response headers: the de-facto {@code X-RateLimit-*} trio and the IETF
 * {@code RateLimit-Policy} / {@code RateLimit} fields in the syntax of
 * draft-ietf-httpapi-ratelimit-headers-11 (structured-field lists whose item is the policy name:
 * {@code RateLimit-Policy: "general";q=100;w=900} and {@code RateLimit: "general";r=99;t=843}).
 */
final class RateLimitHeaders {
    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";
    static final String POLICY = "RateLimit-Policy";
    static final String RATE_LIMIT = "RateLimit";
    static final String RETRY_AFTER = "Retry-After";

    private final Clock clock;

    RateLimitHeaders(Clock clock) {
        this.clock = clock;
    }

    void write(HttpServletResponse response, RateLimitDecision decision) {
        RateLimitPolicy policy = decision.policy();
        long resetSeconds = ceilSeconds(decision.resetAfter());
        String name = "\"" + policy.group().key() + "\"";
        response.setHeader(LIMIT, Long.toString(policy.capacity()));
        response.setHeader(REMAINING, Long.toString(decision.remaining()));
        response.setHeader(RESET, Long.toString(ceilSeconds(Duration.ofMillis(clock.millis()).plus(decision.resetAfter()))));
        response.setHeader(POLICY, name + ";q=" + policy.capacity() + ";w=" + policy.window().toSeconds());
        response.setHeader(RATE_LIMIT, name + ";r=" + decision.remaining() + ";t=" + resetSeconds);
        if (!decision.allowed()) {
            response.setHeader(RETRY_AFTER, Long.toString(retryAfterSeconds(decision)));
        }
    }

    /** Whole seconds, at least one: a client that waits this long finds a unit available. */
    static long retryAfterSeconds(RateLimitDecision decision) {
        return Math.max(1, ceilSeconds(decision.retryAfter()));
    }

    static long ceilSeconds(Duration duration) {
        long seconds = duration.toSeconds();
        return duration.equals(Duration.ofSeconds(seconds)) ? seconds : seconds + 1;
    }
}
