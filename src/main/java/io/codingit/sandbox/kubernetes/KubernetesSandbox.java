package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.agent.AgentSandboxFiles;
import io.codingit.sandbox.spi.AgentAddress;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.CommandState;
import io.codingit.sandbox.spi.InterpreterProcess;
import io.codingit.sandbox.spi.PortConnection;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxFiles;
import io.codingit.sandbox.spi.SandboxProcess;
import io.codingit.sandbox.spi.TerminalProcess;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A sandbox in the cluster, as read from its registry row (or its object's labels and annotations); every
 * operation goes to its agent,
 * which {@link KubernetesSandboxProvider#agent} finds at the pod's IP.
 */
final class KubernetesSandbox implements Sandbox {
    private final String id;
    private final String ownerId;
    private final String templateId;
    private final Instant createdAt;
    private volatile Instant expiresAt;
    private final KubernetesSandboxProvider provider;

    KubernetesSandbox(String id, String ownerId, String templateId, Instant createdAt, Instant expiresAt,
                      KubernetesSandboxProvider provider) {
        this.id = id;
        this.ownerId = ownerId;
        this.templateId = templateId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.provider = provider;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String ownerId() {
        return ownerId;
    }

    @Override
    public String templateId() {
        return templateId;
    }

    @Override
    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public AgentAddress agent() {
        return provider.address(id);
    }

    @Override
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public void setTimeout(Duration timeout) {
        expiresAt = provider.extend(id, timeout);
    }

    @Override
    public CommandResult run(Command command) {
        Duration timeout = command.timeout() == null ? provider.commandTimeout() : command.timeout();
        return provider.agent(id).run(command, timeout, provider.outputLimit());
    }

    @Override
    public SandboxProcess start(Command command) {
        return provider.agent(id).start(command);
    }

    @Override
    public SandboxProcess start(Command command, String tag) {
        return provider.agent(id).start(command, tag);
    }

    @Override
    public List<CommandState> commands() {
        return provider.agent(id).commands();
    }

    @Override
    public SandboxProcess attach(String commandId) {
        return provider.agent(id).attach(commandId);
    }

    @Override
    public TerminalProcess terminal(Command command, int cols, int rows) {
        return provider.agent(id).terminal(command, cols, rows);
    }

    @Override
    public PortConnection connect(int port, PortConnection.Receiver receiver) {
        return provider.agent(id).connect(port, receiver);
    }

    @Override
    public InterpreterProcess interpreter(String name, Command command, String bootstrap, long maxLineBytes) {
        return provider.agent(id).interpreter(name, command, bootstrap, maxLineBytes);
    }

    @Override
    public SandboxFiles files() {
        return new AgentSandboxFiles(provider.agent(id));
    }

    @Override
    public boolean isAlive() {
        return provider.isRunning(id);
    }

    @Override
    public void kill() {
        provider.kill(id);
    }
}
