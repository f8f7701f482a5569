package io.codingit.sandbox.terminal;

import io.codingit.common.PipeReaders;
import io.codingit.sandbox.spi.SandboxProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * A command started in a sandbox whose output is pumped into a {@link CommandOutput} as it arrives.
 * Killing it (or its timeout) kills everything it started, through the sandbox's process handle.
 */
final class RunningCommand {
    static final int TIMEOUT_EXIT_CODE = 124;

    private final String id;
    private final String sandboxId;
    private final String command;
    private final Instant startedAt;
    private final SandboxProcess process;
    private final CommandOutput output;
    private final boolean endsWithItsTree;

    private RunningCommand(String id, String sandboxId, String command, Instant startedAt, SandboxProcess process,
                           CommandOutput output, boolean endsWithItsTree) {
        this.endsWithItsTree = endsWithItsTree;
        this.id = id;
        this.sandboxId = sandboxId;
        this.command = command;
        this.startedAt = startedAt;
        this.process = process;
        this.output = output;
    }

    /** Starts pumping {@code process}'s output; a null {@code timeout} lets it run until killed. */
    static RunningCommand follow(String id, String sandboxId, String command, SandboxProcess process,
                                 long bufferChars, Duration timeout) {
        return follow(id, sandboxId, command, Instant.now(), process, bufferChars, timeout, false);
    }

    /**
     * Follows a command the sandbox keeps and lists for every server (a background command, or one another server
     * started): when it ends by itself the sandbox has already ended its process tree, so the handle is not
     * destroyed and the sandbox keeps listing it, finished, for the other servers.
     */
    static RunningCommand followKept(String id, String sandboxId, String command, Instant startedAt,
                                     SandboxProcess process, long bufferChars) {
        return follow(id, sandboxId, command, startedAt, process, bufferChars, null, true);
    }

    private static RunningCommand follow(String id, String sandboxId, String command, Instant startedAt,
                                         SandboxProcess process, long bufferChars, Duration timeout, boolean kept) {
        RunningCommand running = new RunningCommand(id, sandboxId, command, startedAt, process,
                new CommandOutput(bufferChars), kept);
        Thread.ofVirtual().name("command-" + id).start(() -> running.pumpUntilExit(timeout));
        return running;
    }

    private void pumpUntilExit(Duration timeout) {
        Thread out = PipeReaders.start("command-stdout", () -> pump(process.stdout(), "stdout"));
        Thread err = PipeReaders.start("command-stderr", () -> pump(process.stderr(), "stderr"));
        int code;
        try {
            OptionalInt exit = process.waitFor(timeout == null ? Duration.ofDays(3650) : timeout);
            code = exit.orElse(TIMEOUT_EXIT_CODE);
            // also when it ended by itself: whatever it left running in its cgroup goes with it (a kept command's
            // tree was ended by the sandbox already, and destroying would make the sandbox forget it)
            if (!endsWithItsTree || exit.isEmpty()) {
                process.destroy();
            }
            out.join(Duration.ofSeconds(5));
            err.join(Duration.ofSeconds(5));
            if (exit.isEmpty()) {
                output.append("stderr", "[command timed out after " + timeout.toMillis() + " ms]\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            code = 130;
        }
        output.finish(code);
    }

    /** Reads decoded text as it comes: the reader hands over what it has as soon as the pipe has no more. */
    private void pump(InputStream in, String stream) {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            int n;
            while ((n = reader.read(buffer)) > 0) {
                output.append(stream, new String(buffer, 0, n));
            }
        } catch (IOException e) {
            // the process was destroyed; whatever it wrote before is kept
        }
    }

    void kill() {
        process.destroy();
    }

    boolean isRunning() {
        return output.exitCode().isEmpty();
    }

    String id() {
        return id;
    }

    String sandboxId() {
        return sandboxId;
    }

    String command() {
        return command;
    }

    Instant startedAt() {
        return startedAt;
    }

    CommandOutput output() {
        return output;
    }
}
