package io.codingit.sandbox.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What the registry knows about a sandbox, handed to its provider to attach to it or destroy it from any
 * server, whichever server created it.
 */
public record SandboxRecord(String id, String ownerId, String templateId, String provider, AgentAddress agent,
                            Instant createdAt, Instant expiresAt) {
    public SandboxRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agent, "agent");
    }
}
