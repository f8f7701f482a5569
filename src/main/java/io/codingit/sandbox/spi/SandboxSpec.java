package io.codingit.sandbox.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to create.
 *
 * @param ownerId    the user the sandbox belongs to
 * @param templateId the template whose home becomes the sandbox's {@code /home/user}
 * @param timeout    lifetime from now; the sandbox is killed when it runs out unless extended
 * @param templateHome a prepared template home on this host (read-only; e.g. with its {@code node_modules}) that
 *                   a provider on this machine layers the sandbox's home over; null: the provider's own empty home
 * @param hostLoopbackPorts ports of the host's loopback the sandbox may reach at the same port on its own
 *                   loopback (the server's model relay for CLI agents); every other host port stays unreachable.
 *                   Needs {@code egress: internet} on the local provider
 */
public record SandboxSpec(String ownerId, String templateId, Duration timeout, Path templateHome,
                          List<Integer> hostLoopbackPorts) {
    public SandboxSpec {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(timeout, "timeout");
        hostLoopbackPorts = hostLoopbackPorts == null ? List.of() : List.copyOf(hostLoopbackPorts);
        for (int port : hostLoopbackPorts) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid port: " + port);
            }
        }
    }

    public SandboxSpec(String ownerId, String templateId, Duration timeout, Path templateHome) {
        this(ownerId, templateId, timeout, templateHome, List.of());
    }

    public SandboxSpec(String ownerId, String templateId, Duration timeout) {
        this(ownerId, templateId, timeout, null, List.of());
    }
}
