package io.codingit.sandbox.internal;

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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A sandbox as {@link DefaultSandboxes} hands it out: owner, template, creation and expiry from its registry
 * row; operations through the provider's handle (attached on first use, so listing many sandboxes calls no
 * agent); expiry and kill through the registry. When the provider finds the sandbox gone, the registry is told
 * before the {@link SandboxGoneException} goes on to the caller.
 */
final class RegisteredSandbox implements Sandbox {
    /** What the registry is told by a handle. */
    interface Registry {
        Instant extend(RegisteredSandbox sandbox, Duration timeout);

        void gone(RegisteredSandbox sandbox, SandboxGoneException e);

        /**
         * What a failed operation answers once {@link #gone} was told: the gone sandbox by default; a sandbox that was
         * paused while the operation ran answers what the registry says instead.
         */
        default RuntimeException goneDuring(RegisteredSandbox sandbox, SandboxGoneException e) {
            gone(sandbox, e);
            return e;
        }

        void kill(RegisteredSandbox sandbox);

        void kill(RegisteredSandbox sandbox, String reason);

        /** {@link Sandbox#endedOnRequest()}: what the registry row says of this handle's incarnation. */
        boolean endedOnRequest(RegisteredSandbox sandbox);
    }

    private final SandboxRegistry.Entry entry;
    private final Registry registry;
    private final Supplier<Sandbox> attach;
    private volatile Sandbox attached;
    private volatile Instant expiresAt;

    RegisteredSandbox(SandboxRegistry.Entry entry, Registry registry, Supplier<Sandbox> attach) {
        this.entry = entry;
        this.registry = registry;
        this.attach = attach;
        this.expiresAt = entry.expiresAt();
    }

    SandboxRegistry.Entry entry() {
        return entry;
    }

    /** The provider's handle, attached once. */
    Sandbox handle() {
        Sandbox handle = attached;
        if (handle == null) {
            synchronized (this) {
                if (attached == null) {
                    attached = attach.get();
                }
                handle = attached;
            }
        }
        return handle;
    }

    @Override
    public String id() {
        return entry.id();
    }

    @Override
    public String ownerId() {
        return entry.ownerId();
    }

    @Override
    public String templateId() {
        return entry.templateId();
    }

    @Override
    public Instant createdAt() {
        return entry.createdAt();
    }

    @Override
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public AgentAddress agent() {
        return handle().agent();
    }

    @Override
    public void setTimeout(Duration timeout) {
        expiresAt = registry.extend(this, timeout);
    }

    @Override
    public CommandResult run(Command command) {
        return reportingGone(() -> handle().run(command));
    }

    @Override
    public SandboxProcess start(Command command) {
        return reportingGone(() -> handle().start(command));
    }

    @Override
    public SandboxProcess start(Command command, String tag) {
        return reportingGone(() -> handle().start(command, tag));
    }

    @Override
    public List<CommandState> commands() {
        return reportingGone(() -> handle().commands());
    }

    @Override
    public SandboxProcess attach(String commandId) {
        return reportingGone(() -> handle().attach(commandId));
    }

    @Override
    public TerminalProcess terminal(Command command, int cols, int rows) {
        return reportingGone(() -> handle().terminal(command, cols, rows));
    }

    @Override
    public PortConnection connect(int port, PortConnection.Receiver receiver) {
        return reportingGone(() -> handle().connect(port, receiver));
    }

    @Override
    public InterpreterProcess interpreter(String name, Command command, String bootstrap, long maxLineBytes) {
        return reportingGone(() -> handle().interpreter(name, command, bootstrap, maxLineBytes));
    }

    @Override
    public SandboxFiles files() {
        return new Files();
    }

    @Override
    public boolean isAlive() {
        try {
            return handle().isAlive();
        } catch (SandboxGoneException e) {
            registry.gone(this, e);
            return false;
        }
    }

    @Override
    public boolean endedOnRequest() {
        return registry.endedOnRequest(this);
    }

    @Override
    public void kill() {
        registry.kill(this);
    }

    /** Ends it, recording {@code reason} in the registry (a later request for it answers 410 with it). */
    @Override
    public void kill(String reason) {
        registry.kill(this, reason);
    }

    private <T> T reportingGone(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (SandboxGoneException e) {
            throw registry.goneDuring(this, e);
        }
    }

    /** The provider's files, reporting a gone sandbox like every other operation. */
    private final class Files implements SandboxFiles {
        @Override
        public List<FileNode> tree(String directory, Set<String> skipNames) {
            return reportingGone(() -> handle().files().tree(directory, skipNames));
        }

        @Override
        public byte[] read(String path, long maxBytes) {
            return reportingGone(() -> handle().files().read(path, maxBytes));
        }

        @Override
        public void write(String path, byte[] content) {
            reportingGone(() -> {
                handle().files().write(path, content);
                return null;
            });
        }

        @Override
        public boolean isDirectory(String path) {
            return reportingGone(() -> handle().files().isDirectory(path));
        }

        @Override
        public String normalize(String path) {
            return reportingGone(() -> handle().files().normalize(path));
        }
    }

    @Override
    public String toString() {
        return "RegisteredSandbox[" + entry + "]";
    }
}
