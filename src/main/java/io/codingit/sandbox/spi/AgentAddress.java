package io.codingit.sandbox.spi;

import java.util.Objects;

/**
 * Where a sandbox's agent answers and the per-sandbox secret every call to it carries. The registry keeps
 * both (the secret encrypted) so that any server can reach the sandbox; the secret is never logged,
 * returned by the API, or shown by {@link #toString()}.
 *
 * @param endpoint provider-specific, e.g. {@code unix:/run/codingit/<id>/agent.sock} or {@code http://10.1.2.3:7070}
 * @param secret   the shared secret the agent checks on every call
 */
public record AgentAddress(String endpoint, String secret) {
    public AgentAddress {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "AgentAddress[endpoint=" + endpoint + ", secret=(hidden)]";
    }
}
