package io.codingit.sandbox.local;

import io.codingit.sandbox.agent.AgentClient;
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
import io.codingit.sandbox.spi.SandboxRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A sandbox of this machine that another server process created, reached through its agent's socket from
 * its registry record. Its lifecycle is not this server's: expiry and kill go through the registry, and the
 * server that holds its bubblewrap removes it.
 */
final class AttachedSandbox implements Sandbox {
    private final SandboxRecord record;
    private final AgentClient agent;
    private final Duration defaultCommandTimeout;
    private final long outputLimit;
    private final SandboxFiles files;

    AttachedSandbox(SandboxRecord record, AgentClient agent, Duration defaultCommandTimeout, long outputLimit) {
        this.record = record;
        this.agent = agent;
        this.defaultCommandTimeout = defaultCommandTimeout;
        this.outputLimit = outputLimit;
        this.files = new GoneAwareFiles(new AgentSandboxFiles(agent), this::throughAgent);
    }

    /** An agent's error answer as the SPI's exceptions (never a bare one): see {@link AgentErrors}. */
    <T> T throughAgent(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (io.codingit.sandbox.agent.AgentCallException e) {
            throw AgentErrors.translate(record.id(), e);
        }
    }

    boolean answers() {
        return agent.answers();
    }

    void close() {
        agent.close();
    }

    @Override
    public String id() {
        return record.id();
    }

    @Override
    public String ownerId() {
        return record.ownerId();
    }

    @Override
    public String templateId() {
        return record.templateId();
    }

    @Override
    public Instant createdAt() {
        return record.createdAt();
    }

    @Override
    public AgentAddress agent() {
        return record.agent();
    }

    @Override
    public Instant expiresAt() {
        return record.expiresAt();
    }

    /** The registry holds the expiry; handles from {@code Sandboxes} move it there and never call this. */
    @Override
    public void setTimeout(Duration timeout) {
        throw new UnsupportedOperationException("the expiry of an attached sandbox lives in the registry");
    }

    @Override
    public CommandResult run(Command command) {
        return throughAgent(() -> agent.run(command, command.timeout() == null ? defaultCommandTimeout : command.timeout(),
                outputLimit));
    }

    @Override
    public SandboxProcess start(Command command) {
        return throughAgent(() -> agent.start(command));
    }

    @Override
    public SandboxProcess start(Command command, String tag) {
        return agent.start(command, tag);
    }

    @Override
    public List<CommandState> commands() {
        return agent.commands();
    }

    @Override
    public SandboxProcess attach(String commandId) {
        return agent.attach(commandId);
    }

    @Override
    public TerminalProcess terminal(Command command, int cols, int rows) {
        return agent.terminal(command, cols, rows);
    }

    @Override
    public PortConnection connect(int port, PortConnection.Receiver receiver) {
        return agent.connect(port, receiver);
    }

    @Override
    public InterpreterProcess interpreter(String name, Command command, String bootstrap, long maxLineBytes) {
        return agent.interpreter(name, command, bootstrap, maxLineBytes);
    }

    @Override
    public SandboxFiles files() {
        return files;
    }

    /** Asked on every preview request through this server: the cheap check of the same agent's socket. */
    @Override
    public boolean isAlive() {
        return agent.stillAnswers();
    }

    /** The registry ends it; the server holding its bubblewrap removes it (its reaper sees the killed row). */
    @Override
    public void kill() {
        throw new UnsupportedOperationException("an attached sandbox is killed through the registry");
    }
}
