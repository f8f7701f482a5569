package io.codingit.sandbox.internal;

import io.codingit.sandbox.spi.ProviderStatus;
import io.codingit.sandbox.spi.SandboxProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code sandbox} in /api/health: the provider, its limits and those it cannot apply here. When sandboxes
 * are unavailable the status is UNKNOWN (not DOWN): the rest of the server still serves.
 */
@Component("sandbox")
class SandboxHealthIndicator implements HealthIndicator {
    private final SandboxProvider provider;

    SandboxHealthIndicator(SandboxProvider provider) {
        this.provider = provider;
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
        builder.withDetail("live", provider.listAll().size());
        return builder.build();
    }
}
