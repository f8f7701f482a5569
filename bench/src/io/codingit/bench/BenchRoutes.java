package io.codingit.bench;

import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's no-op route, added to the packaged server only by bench/run.sh (loader.path):
 * the same handler under /api (authenticated, rate-limited) and outside it (anonymous; with rate
 * limiting switched off it passes neither check), so the difference is the filter chain's cost.
 */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
public class BenchRoutes {
    @GetMapping({"/api/bench/noop", "/bench/noop"})
    String noop() {
        return "ok";
    }
}
