package io.codingit.ratelimit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Test-only no-op routes, one per group, outside {@code /api} so that they answer anonymously and
 * are keyed by client address, plus {@link #API_PING} which requires authentication and so is keyed
 * by user. The class's group applies unless a method names its own.
 */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
public class RateLimitTestRoutes {
    static final String BASE = "/test-limited/";
    static final String API_PING = "/api/test/ping";
    static final String API_READ = "/api/test/read";

    /** A write (POST): charged to the general budget. */
    @PostMapping(API_PING)
    Map<String, Boolean> authenticatedPing() {
        return Map.of("ok", true);
    }

    @PostMapping(BASE + "general")
    Map<String, Boolean> general() {
        return Map.of("ok", true);
    }

    /** A read (GET) of a general route: charged to the read budget instead. */
    @GetMapping(API_READ)
    Map<String, Boolean> read() {
        return Map.of("ok", true);
    }

    @GetMapping(BASE + "llm")
    @RateLimited(RateLimitGroup.LLM)
    Map<String, Boolean> llm() {
        return Map.of("ok", true);
    }

    @GetMapping(BASE + "github")
    @RateLimited(RateLimitGroup.GITHUB)
    Map<String, Boolean> github() {
        return Map.of("ok", true);
    }

    /** Answered on an async dispatch, like the streaming routes: must be charged once, not twice. */
    @GetMapping(BASE + "llm-async")
    @RateLimited(RateLimitGroup.LLM)
    Callable<Map<String, Boolean>> llmAsync() {
        return () -> Map.of("ok", true);
    }

    @GetMapping(BASE + "netlify")
    @RateLimited(RateLimitGroup.NETLIFY)
    Map<String, Boolean> netlify() {
        return Map.of("ok", true);
    }
}
