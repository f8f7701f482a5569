package io.codingit.sandbox.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What to create.
 *
 * @param ownerId    the user the sandbox belongs to
 * @param templateId the template whose home becomes the sandbox's {@code /home/user}
 * @param timeout    lifetime from now; the sandbox is killed when it runs out unless extended
 */
public record SandboxSpec(String ownerId, String templateId, Duration timeout) {
    public SandboxSpec {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(timeout, "timeout");
    }
}
