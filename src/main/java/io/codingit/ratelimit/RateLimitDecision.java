package io.codingit.ratelimit;

import java.time.Duration;

/**
 * The result of drawing from a budget.
 *
 * @param policy     the budget that was drawn from
 * @param outcome    whether the request may proceed, and whether the budget was actually measured
 * @param remaining  units left in the window after this request (0 when rejected or unmeasured)
 * @param resetAfter time until the budget is full again
 * @param retryAfter time until one unit is available again; zero unless rejected
 */
public record RateLimitDecision(RateLimitPolicy policy, Outcome outcome, long remaining, Duration resetAfter,
                                Duration retryAfter) {

    public enum Outcome {
        /** A unit was taken. */
        ALLOWED,
        /** The budget is spent; the caller should answer 429. */
        REJECTED,
        /**
         * Nothing was measured: limiting is switched off, or the shared store (Redis) could not be
         * reached and the limiter fails open. The request proceeds without rate-limit headers.
         */
        UNMEASURED
    }

    public static RateLimitDecision unmeasured(RateLimitPolicy policy) {
        return new RateLimitDecision(policy, Outcome.UNMEASURED, 0, Duration.ZERO, Duration.ZERO);
    }

    public boolean allowed() {
        return outcome != Outcome.REJECTED;
    }

    public boolean measured() {
        return outcome != Outcome.UNMEASURED;
    }
}
