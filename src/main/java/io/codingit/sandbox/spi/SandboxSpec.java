package io.codingit.sandbox.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What to create.
 *
 * @param ownerId    the user the sandbox belongs to
 * @param templateId the template whose home becomes the sandbox's {@code /home/user}
 * @param timeout    lifetime from now; the sandbox is killed when it runs out unless extended
 * @param templateHome a prepared template home on this host (read-only; e.g. with its {@code node_modules}) that
 *                   a provider on this machine layers the sandbox's home over; null: the provider's own empty home
 */
public record SandboxSpec(String ownerId, String templateId, Duration timeout, Path templateHome) {
    public SandboxSpec {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(timeout, "timeout");
    }

    public SandboxSpec(String ownerId, String templateId, Duration timeout) {
        this(ownerId, templateId, timeout, null);
    }
}
