package io.codingit.llm.internal;

import io.codingit.ratelimit.RateLimitDecision;
import io.codingit.ratelimit.RateLimitExceededException;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimiter;
import org.springframework.stereotype.Component;

/**
 * The {@code llm} budget: one unit per model call that uses the server's key or one of the server's
 * endpoints, whoever makes it (chat, morph-chat, the task agents, the relay of the CLI agents). A caller
 * whose own key goes to their own endpoint pays with that key and draws only from the route's budget.
 */
@Component
class LlmBudget {
    static final String EXHAUSTED = "You have reached your request limit for the day.";

    private final RateLimiter limiter;

    LlmBudget(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** Charges one model call to the user; 429 ({@link RateLimitExceededException}) when the budget is spent. */
    void charge(String userId) {
        RateLimitDecision decision = limiter.tryConsume(RateLimitGroup.LLM, "user:" + userId);
        if (!decision.allowed()) {
            throw new RateLimitExceededException(decision, EXHAUSTED);
        }
    }
}
