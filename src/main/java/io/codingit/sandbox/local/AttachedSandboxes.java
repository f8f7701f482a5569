package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.agent.AgentClient;
import io.codingit.sandbox.agent.AgentEndpoint;
import io.codingit.sandbox.agent.AgentSecret;
import io.codingit.sandbox.agent.AgentTransport;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxRecord;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handles on sandboxes other server processes of this machine created (another data directory, the same runtime
 * directory), reached through their agents' sockets; one per sandbox, kept while its agent answers.
 */
final class AttachedSandboxes implements AutoCloseable {
    private final SandboxProperties properties;
    private final AgentTransport agentTransport;
    private final Map<String, AttachedSandbox> attached = new ConcurrentHashMap<>();

    AttachedSandboxes(SandboxProperties properties, AgentTransport agentTransport) {
        this.properties = properties;
        this.agentTransport = agentTransport;
    }

    /**
     * The handle on the sandbox whose agent listens on {@code socket}, which must still answer.
     *
     * @throws SandboxGoneException when its agent is gone or stopped answering
     */
    AttachedSandbox attach(SandboxRecord record, AgentEndpoint.Unix socket) {
        AttachedSandbox known = attached.get(record.id());
        if (known != null && known.answers()) {
            return known;
        }
        if (!Files.exists(socket.socket())) {
            forget(record.id());
            throw new SandboxGoneException(record.id(), "its agent is gone (the sandbox stopped, or its server removed it)");
        }
        AgentClient client = new AgentClient(socket, AgentSecret.fromHex(record.agent().secret()), agentTransport,
                () -> new SandboxGoneException(record.id(), "its agent stopped answering"));
        AttachedSandbox handle = new AttachedSandbox(record, client, properties.commandTimeout(), properties.outputLimit().toBytes());
        if (!handle.answers()) {
            client.close();
            forget(record.id());
            throw new SandboxGoneException(record.id(), "its agent stopped answering");
        }
        AttachedSandbox previous = attached.put(record.id(), handle);
        if (previous != null) {
            previous.close();
        }
        return handle;
    }

    /** Closes the handle on the sandbox, if there is one. */
    void forget(String sandboxId) {
        AttachedSandbox handle = attached.remove(sandboxId);
        if (handle != null) {
            handle.close();
        }
    }

    /** Closes every handle (they stay known: the server is stopping). */
    @Override
    public void close() {
        attached.values().forEach(AttachedSandbox::close);
    }
}
