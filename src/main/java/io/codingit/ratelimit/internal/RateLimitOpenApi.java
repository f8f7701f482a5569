package io.codingit.ratelimit.internal;

import io.codingit.ratelimit.RateLimitPolicy;
import io.codingit.ratelimit.RateLimiter;
import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

import java.util.Map;

/**
 * Tells API clients each operation's budget: a sentence in the description and an
 * {@code x-rate-limit} extension ({@code group}, {@code capacity}, {@code windowSeconds}).
 */
final class RateLimitOpenApi implements OperationCustomizer {
    private final RateLimiter limiter;

    RateLimitOpenApi(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        RateLimitInterceptor.groupOf(handlerMethod).map(limiter::policy).ifPresent(policy -> {
            String note = "Rate limit: " + policy.capacity() + " requests per "
                    + RateLimitInterceptor.describe(policy.window()) + " per user (per client IP when anonymous), "
                    + "group `" + policy.group().key() + "`; responses carry X-RateLimit-Limit/-Remaining/-Reset, "
                    + "RateLimit and RateLimit-Policy, and 429 carries Retry-After.";
            String description = operation.getDescription();
            operation.setDescription(description == null || description.isBlank() ? note : description + "\n\n" + note);
            operation.addExtension("x-rate-limit", extension(policy));
        });
        return operation;
    }

    private static Map<String, Object> extension(RateLimitPolicy policy) {
        return Map.of("group", policy.group().key(), "capacity", policy.capacity(),
                "windowSeconds", policy.window().toSeconds());
    }
}
