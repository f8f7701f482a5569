package io.codingit.ratelimit.internal;

import io.codingit.ratelimit.RateLimitDecision;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimitPolicy;
import io.codingit.ratelimit.RateLimited;
import io.codingit.ratelimit.RateLimiter;
import io.codingit.web.ErrorResponses;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Charges every request to a {@link RateLimited} handler (the method's annotation wins over its
 * class's) against the caller's budget: the authenticated user's id, else the client address (which
 * {@code TrustedProxyFilter} has already taken from {@code X-Forwarded-For} when, and only when, the
 * peer is a trusted proxy). Over budget: 429 with {@code Retry-After} and the JSON error body.
 */
final class RateLimitInterceptor implements HandlerInterceptor {
    private final RateLimiter limiter;
    private final RateLimitHeaders headers;
    private final Map<Method, Optional<RateLimitGroup>> groups = new ConcurrentHashMap<>();

    RateLimitInterceptor(RateLimiter limiter, RateLimitHeaders headers) {
        this.limiter = limiter;
        this.headers = headers;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        // Async and error dispatches belong to a request that has already been charged.
        if (request.getDispatcherType() != DispatcherType.REQUEST || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        Optional<RateLimitGroup> group = groups.computeIfAbsent(method.getMethod(), m -> groupOf(method));
        if (group.isEmpty()) {
            return true;
        }
        RateLimitDecision decision = limiter.tryConsume(group.get(), callerKey(request));
        if (!decision.measured()) {
            return true;
        }
        headers.write(response, decision);
        if (decision.allowed()) {
            return true;
        }
        ErrorResponses.write(response, 429, tooManyRequests(decision), "rate_limited");
        return false;
    }

    /** The handler's budget: its declared group, except that a general route which only reads draws from {@code read}. */
    static Optional<RateLimitGroup> groupOf(HandlerMethod method) {
        RateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RateLimited.class);
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RateLimited.class);
        }
        return Optional.ofNullable(annotation).map(RateLimited::value)
                .map(group -> group == RateLimitGroup.GENERAL && onlyReads(method) ? RateLimitGroup.READ : group);
    }

    /** Whether every HTTP method the handler is mapped to is GET or HEAD (a mapping with none answers all, writes too). */
    private static boolean onlyReads(HandlerMethod method) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
        if (mapping == null || mapping.method().length == 0) {
            return false;
        }
        for (RequestMethod verb : mapping.method()) {
            if (verb != RequestMethod.GET && verb != RequestMethod.HEAD) {
                return false;
            }
        }
        return true;
    }

    /**
     * The authentication's name is the user id (auth's tokens are built that way); reading it
     * through Spring Security's interface keeps ratelimit free of a dependency on auth, which
     * depends on ratelimit for its own routes' groups.
     */
    static String callerKey(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "user:" + authentication.getName();
        }
        return "ip:" + request.getRemoteAddr();
    }

    private static String tooManyRequests(RateLimitDecision decision) {
        RateLimitPolicy policy = decision.policy();
        long retryAfter = RateLimitHeaders.retryAfterSeconds(decision);
        return "Rate limit exceeded: the " + policy.group().key() + " limit is " + policy.capacity()
                + " requests per " + describe(policy.window()) + ". Retry in " + retryAfter
                + (retryAfter == 1 ? " second." : " seconds.");
    }

    static String describe(Duration window) {
        long seconds = window.toSeconds();
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n == 1 ? unit : n + " " + unit + "s";
    }
}
