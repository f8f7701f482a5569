package io.codingit.sandbox.spi;

import java.util.List;
import java.util.Map;

/**
 * What a provider can do on this host.
 *
 * @param available          sandboxes can be created
 * @param unavailableReason  why not (names the package to install), null when available
 * @param unappliedLimits    limits that cannot be enforced here, each with the reason
 * @param details            facts for the health endpoint (cgroup version, network mode, ...)
 */
public record ProviderStatus(boolean available, String unavailableReason, List<String> unappliedLimits,
                             Map<String, Object> details) {
    public ProviderStatus {
        unappliedLimits = List.copyOf(unappliedLimits);
        details = Map.copyOf(details);
    }
}
