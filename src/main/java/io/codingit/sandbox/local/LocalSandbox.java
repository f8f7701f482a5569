package io.codingit.sandbox.local;

import io.codingit.common.PipeReaders;
import io.codingit.sandbox.spi.AgentAddress;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxFiles;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxProcess;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A bubblewrap sandbox on this machine: a resident bubblewrap (the {@link Holder}) keeps its namespaces,
 * and each command enters them; its home, cgroups and network live as long as it does.
 */
final class LocalSandbox implements Sandbox {
    /** Exit code reported for a command killed by its timeout (as coreutils' timeout does). */
    static final int TIMEOUT_EXIT_CODE = 124;

    private final String id;
    private final String ownerId;
    private final String templateId;
    private final Instant createdAt;
    private final Clock clock;
    private final Path directory;
    private final Holder holder;
    private final Cgroups cgroups;
    private final BubblewrapCommandLine commandLine;
    private final Duration defaultCommandTimeout;
    private final long outputLimit;
    private final Function<LocalSandbox, Boolean> killer;
    private final AgentAddress agent;
    private final Set<LocalSandboxProcess> processes = ConcurrentHashMap.newKeySet();
    private final AtomicLong commandCounter = new AtomicLong();
    private final SandboxFiles files;
    private volatile Instant expiresAt;
    private volatile boolean alive = true;

    LocalSandbox(String id, String ownerId, String templateId, Clock clock, Duration timeout, Path directory, Holder holder,
                 Cgroups cgroups, BubblewrapCommandLine commandLine, Duration defaultCommandTimeout, long outputLimit,
                 Function<LocalSandbox, Boolean> killer, AgentAddress agent) {
        this.id = id;
        this.agent = agent;
        this.ownerId = ownerId;
        this.templateId = templateId;
        this.clock = clock;
        this.createdAt = clock.instant();
        this.expiresAt = createdAt.plus(timeout);
        this.directory = directory;
        this.holder = holder;
        this.cgroups = cgroups;
        this.commandLine = commandLine;
        this.defaultCommandTimeout = defaultCommandTimeout;
        this.outputLimit = outputLimit;
        this.killer = killer;
        this.files = new InSandboxFiles(this);
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
        return agent;
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
        LocalSandboxProcess process = launch(command, true);
        CappedOutput out = new CappedOutput(outputLimit);
        CappedOutput err = new CappedOutput(outputLimit);
        Thread outReader = PipeReaders.start("sandbox-stdout", () -> out.drain(process.stdout()));
        Thread errReader = PipeReaders.start("sandbox-stderr", () -> err.drain(process.stderr()));
        boolean timedOut = false;
        int exitCode;
        try {
            var exit = process.waitFor(timeout);
            if (exit.isPresent()) {
                exitCode = exit.getAsInt();
            } else {
                timedOut = true;
                exitCode = TIMEOUT_EXIT_CODE;
            }
            process.destroy();
            outReader.join(Duration.ofSeconds(5));
            errReader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a command in sandbox " + id, e);
        }
        if (!alive) {
            throw new SandboxGoneException(id);
        }
        String stderr = timedOut ? err.text() + (err.text().isEmpty() ? "" : "\n")
                + "[command timed out after " + timeout.toMillis() + " ms]" : err.text();
        return new CommandResult(exitCode, out.text(), stderr, timedOut, out.truncated() || err.truncated());
    }

    @Override
    public SandboxProcess start(Command command) {
        return launch(command, false);
    }

    /**
     * Starts a command in the sandbox, in a cgroup of its own inside the sandbox's: when it ends or is
     * destroyed, everything it started (even what detached from it) is killed with it.
     */
    private LocalSandboxProcess launch(Command command, boolean closeStdin) {
        ensureAlive();
        long initPid = holder.initPid().orElseThrow(() -> {
            kill();
            return new SandboxGoneException(id);
        });
        String group = id + "/cmd" + commandCounter.incrementAndGet();
        List<Path> commandGroupProcs = cgroups.createChild(group);
        BubblewrapCommandLine.Launch launch = commandLine.exec(command, initPid, commandGroupProcs);
        ProcessBuilder pb = new ProcessBuilder(launch.argv());
        // the server's environment (database passwords, API keys) must never reach a sandbox
        pb.environment().clear();
        pb.environment().putAll(launch.environment());
        pb.directory(directory.toFile());
        if (closeStdin) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        try {
            Process started = pb.start();
            Runnable killEverything = commandGroupProcs.isEmpty()
                    ? () -> started.descendants().forEach(ProcessHandle::destroyForcibly)
                    : () -> cgroups.killAll(group);
            LocalSandboxProcess process = new LocalSandboxProcess(started, killEverything, p -> {
                processes.remove(p);
                cgroups.remove(group);
            });
            processes.add(process);
            if (!alive) {
                process.destroy();
                throw new SandboxGoneException(id);
            }
            return process;
        } catch (IOException e) {
            cgroups.remove(group);
            throw new UncheckedIOException("could not start a command: " + e.getMessage(), e);
        }
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

    /** Marks the sandbox dead and kills the processes the server started in it, then its holder. */
    void stopProcesses() {
        alive = false;
        for (LocalSandboxProcess p : List.copyOf(processes)) {
            p.destroy();
        }
        holder.destroy();
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
