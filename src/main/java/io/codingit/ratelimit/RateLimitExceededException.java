package io.codingit.ratelimit;

import io.codingit.common.DomainException;

/**
 * A budget drawn from outside a {@link RateLimited} route (the {@code llm} budget of a model call) is spent.
 * Answered as 429 with the same {@code X-RateLimit-*}, {@code RateLimit} and {@code Retry-After} headers
 * as a route's own budget.
 */
public class RateLimitExceededException extends DomainException {
    private final transient RateLimitDecision decision;

    public RateLimitExceededException(RateLimitDecision decision, String message) {
        super(Kind.RATE_LIMITED, "rate_limited", message, decision.retryAfter(), null);
        this.decision = decision;
    }

    public RateLimitDecision decision() {
        return decision;
    }
}
