package io.codingit.ratelimit;

import java.time.Duration;

/** A group's budget: {@code capacity} requests per {@code window} and key. */
public record RateLimitPolicy(RateLimitGroup group, long capacity, Duration window) {
    public RateLimitPolicy {
        if (capacity < 1) {
            throw new IllegalArgumentException("rate limit capacity of " + group.key() + " must be at least 1");
        }
        if (window == null || window.toSeconds() < 1) {
            throw new IllegalArgumentException("rate limit window of " + group.key() + " must be at least one second");
        }
    }
}
