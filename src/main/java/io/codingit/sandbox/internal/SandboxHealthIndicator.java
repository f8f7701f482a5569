package io.codingit.sandbox.internal;

import io.codingit.sandbox.spi.ProviderStatus;
import io.codingit.sandbox.spi.SandboxProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code sandbox} in /api/health: the provider, its limits and those it cannot apply here, and how many sandboxes
 * live. Counts come from the registry, so every server behind a load balancer reports the same {@code live}
 * (running and paused, of all servers); {@code providerLists} is what this server's provider lists (the local
 * provider: the sandboxes this server runs or adopted; Kubernetes: every sandbox pod of the namespace). When sandboxes
 * are unavailable the status is UNKNOWN (not DOWN): the rest of the server still serves.
 */
@Component("sandbox")
class SandboxHealthIndicator implements HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(SandboxHealthIndicator.class);

    private final SandboxProvider provider;
    private final SandboxRegistry registry;

    SandboxHealthIndicator(SandboxProvider provider, SandboxRegistry registry) {
        this.provider = provider;
        this.registry = registry;
    }

    @Override
    public Health health() {
        ProviderStatus status = provider.status();
        Health.Builder builder = status.available() ? Health.up() : Health.unknown();
        builder.withDetail("available", status.available());
        if (!status.available()) {
            builder.withDetail("reason", status.unavailableReason());
        }
        builder.withDetails(status.details());
        builder.withDetail("unappliedLimits", status.unappliedLimits());
        try {
            Map<SandboxState, Integer> live = registry.countLiveByState();
            builder.withDetail("live", live.get(SandboxState.RUNNING) + live.get(SandboxState.PAUSED));
            builder.withDetail("running", live.get(SandboxState.RUNNING));
            builder.withDetail("paused", live.get(SandboxState.PAUSED));
        } catch (DataAccessException e) {
            // the database's own component says it is down; the counts are left out rather than failing this one
            log.debug("Could not count the registry's sandboxes for /api/health", e);
            builder.withDetail("live", "unknown: the database did not answer");
        }
        builder.withDetail("providerLists", provider.listAll().size());
        return builder.build();
    }
}
