package io.codingit.ratelimit;

/**
 * Draws from a rate-limit budget. The web layer calls it for every {@link RateLimited} handler;
 * features call it directly for budgets that are not per route (for example login attempts per
 * account). Keys are opaque strings chosen by the caller, such as {@code "user:<id>"} or
 * {@code "ip:<address>"}; the same key in different groups names different budgets.
 */
public interface RateLimiter {

    /** Takes one unit from {@code key}'s budget in {@code group}, or reports why it cannot. */
    RateLimitDecision tryConsume(RateLimitGroup group, String key);

    /** The configured budget of a group, for documentation and headers. */
    RateLimitPolicy policy(RateLimitGroup group);
}
