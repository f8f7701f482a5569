package io.codingit.chat.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitDecision;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimiter;
import io.codingit.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * The {@code llm} budget: as in the peer, it applies only to chats on the server's keys; a caller
 * who brings {@code config.apiKey} pays with that key and draws only from {@code general} (which
 * the rate-limit interceptor charges for every request).
 */
@Component
class LlmBudget {
    static final String EXHAUSTED = "You have reached your request limit for the day.";

    private final RateLimiter limiter;

    LlmBudget(RateLimiter limiter) {
        this.limiter = limiter;
    }

    void charge(AuthenticatedUser user, boolean callerBroughtKey, HttpServletResponse response) {
        if (callerBroughtKey) {
            return;
        }
        RateLimitDecision decision = limiter.tryConsume(RateLimitGroup.LLM, "user:" + user.id());
        if (decision.allowed()) {
            return;
        }
        long retryAfter = Math.max(1, ceilSeconds(decision.retryAfter()));
        response.setHeader("X-RateLimit-Limit", Long.toString(decision.policy().capacity()));
        response.setHeader("X-RateLimit-Remaining", "0");
        response.setHeader("X-RateLimit-Reset",
                Long.toString(Instant.now().plus(decision.resetAfter()).getEpochSecond() + 1));
        response.setHeader("Retry-After", Long.toString(retryAfter));
        throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", EXHAUSTED);
    }

    private static long ceilSeconds(Duration d) {
        long s = d.toSeconds();
        return d.equals(Duration.ofSeconds(s)) ? s : s + 1;
    }
}
