package io.codingit.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code codingit.sandbox.warm-pool-demand.*}: the warm pool follows demand (docs/sandbox.md, "Warm pool"). A template's
 * pool holds {@code codingit.sandbox.warm-pool} sandboxes, or, when more of them were created at once recently (the most
 * created within any 10 s of the last {@code window}), that many, up to {@code max}.
 *
 * @param max    the most sandboxes one template's pool holds however high the demand; at or below
 *               {@code warm-pool} the pool keeps its fixed size
 * @param window how long a burst of creates keeps the pool at its size
 */
@ConfigurationProperties("codingit.sandbox.warm-pool-demand")
public record WarmPoolDemandProperties(
        @DefaultValue("64") int max,
        @DefaultValue("10m") Duration window) {

    public WarmPoolDemandProperties {
        if (max < 0 || max > 1000) {
            throw new IllegalArgumentException("codingit.sandbox.warm-pool-demand.max must be between 0 and 1000");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("codingit.sandbox.warm-pool-demand.window must be positive");
        }
    }

    /** A pool of fixed size (tests and benchmarks that build a provider themselves). */
    public static WarmPoolDemandProperties fixed() {
        return new WarmPoolDemandProperties(0, Duration.ofMinutes(10));
    }
}
