package io.codingit.sandbox.local;

import io.codingit.sandbox.agent.AgentCallException;
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
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxProcess;
import io.codingit.sandbox.spi.TerminalProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A bubblewrap sandbox on this machine. Its first program is the agent, and every operation (commands,
 * processes, files) goes through the agent's socket; its home, cgroups and network live as long as it does.
 */
final class LocalSandbox implements Sandbox {
    private final String id;
    private final String ownerId;
    private final String templateId;
    private final Instant createdAt;
    private final Clock clock;
    private final Path directory;
    private final Holder holder;
    private final AgentClient agent;
    private final Duration defaultCommandTimeout;
    private final long outputLimit;
    private final Function<LocalSandbox, Boolean> killer;
    private final AgentAddress address;
    private final SandboxFiles files;
    private volatile Instant expiresAt;
    private volatile boolean alive = true;

    /**
     * @param createdAt when it was created (now for a new sandbox; the registry's for one a restarted server adopts)
     * @param expiresAt its expiry (the registry holds the one that counts)
     */
    LocalSandbox(String id, String ownerId, String templateId, Clock clock, Instant createdAt, Instant expiresAt,
                 Path directory, Holder holder, AgentClient agent, AgentAddress address, Duration defaultCommandTimeout,
                 long outputLimit, Function<LocalSandbox, Boolean> killer) {
        this.id = id;
        this.address = address;
        this.ownerId = ownerId;
        this.templateId = templateId;
        this.clock = clock;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.directory = directory;
        this.holder = holder;
        this.agent = agent;
        this.defaultCommandTimeout = defaultCommandTimeout;
        this.outputLimit = outputLimit;
        this.killer = killer;
        AgentSandboxFiles agentFiles = new AgentSandboxFiles(agent);
        this.files = new GoneAwareFiles(agentFiles, this::throughAgent);
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
        return address;
    }

    @Override
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public void setTimeout(Duration timeout) {
        ensureAlive();
        expiresAt = clock.instant().plus(timeout);
    }

    @Override
    public CommandResult run(Command command) {
        Duration timeout = command.timeout() == null ? defaultCommandTimeout : command.timeout();
        return throughAgent(() -> agent.run(command, timeout, outputLimit));
    }

    /**
     * Starts a command through the agent; it runs in a cgroup of its own inside the sandbox's, so
     * destroying it kills everything it started (even what detached from it).
     */
    @Override
    public SandboxProcess start(Command command) {
        return throughAgent(() -> agent.start(command));
    }

    /**
     * Calls the agent; a sandbox that was killed meanwhile, or whose agent cannot be reached because the
     * sandbox died, is gone (and removed if it died by itself). An agent error that is not the caller's is
     * never passed on raw: see {@link AgentErrors}.
     */
    <T> T throughAgent(Supplier<T> call) {
        ensureAlive();
        try {
            T result = call.get();
            ensureAlive();
            return result;
        } catch (SandboxGoneException e) {
            if (alive && !holder.isAlive()) {
                kill();
            }
            throw e;
        } catch (AgentCallException e) {
            throw AgentErrors.translate(id, e);
        }
    }

    @Override
    public SandboxProcess start(Command command, String tag) {
        return throughAgent(() -> agent.start(command, tag));
    }

    @Override
    public List<CommandState> commands() {
        return throughAgent(() -> agent.commands());
    }

    @Override
    public SandboxProcess attach(String commandId) {
        return throughAgent(() -> agent.attach(commandId));
    }

    @Override
    public TerminalProcess terminal(Command command, int cols, int rows) {
        return throughAgent(() -> agent.terminal(command, cols, rows));
    }

    @Override
    public PortConnection connect(int port, PortConnection.Receiver receiver) {
        return throughAgent(() -> agent.connect(port, receiver));
    }

    @Override
    public InterpreterProcess interpreter(String name, Command command, String bootstrap, long maxLineBytes) {
        return throughAgent(() -> agent.interpreter(name, command, bootstrap, maxLineBytes));
    }

    @Override
    public SandboxFiles files() {
        return files;
    }

    @Override
    public boolean isAlive() {
        return alive && holder.isAlive();
    }

    @Override
    public void kill() {
        killer.apply(this);
    }

    /** Marks the sandbox dead and ends its bubblewrap (the agent and every command die with it). */
    void stopProcesses() {
        alive = false;
        holder.destroy();
        agent.close();
    }

    /** Lets go of the sandbox without ending it (server shutdown; the next start adopts it). */
    void release() {
        agent.close();
    }

    Path directory() {
        return directory;
    }

    private void ensureAlive() {
        if (!alive) {
            throw new SandboxGoneException(id);
        }
    }
}
