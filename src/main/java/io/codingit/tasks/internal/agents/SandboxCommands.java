package io.codingit.tasks.internal.agents;

import io.codingit.common.PipeReaders;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;
import io.codingit.tasks.internal.TaskCancelledException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * Runs a command in the sandbox so that a cancelled task stops it within a fraction of a second (the
 * SPI's blocking {@code run} would wait for the command's own timeout): started, polled, destroyed
 * (with everything it started) on cancellation or when {@code timeout} passes.
 */
final class SandboxCommands {
    private static final Duration POLL = Duration.ofMillis(200);

    private SandboxCommands() {
    }

    /** The outcome; {@code exitCode} 124 with {@code timedOut} when the timeout killed it. Output keeps the first {@code cap} bytes of each stream. */
    record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
    }

    static Result run(Sandbox sandbox, Command command, Duration timeout, int cap, BooleanSupplier cancelled) {
        SandboxProcess process = sandbox.start(new Command(command.argv(), command.cwd(), command.env(), null));
        try (process) {
            Capture out = new Capture(process.stdout(), cap);
            Capture err = new Capture(process.stderr(), cap);
            Instant deadline = Instant.now().plus(timeout);
            while (true) {
                if (cancelled.getAsBoolean()) {
                    throw new TaskCancelledException();
                }
                OptionalInt exit = process.waitFor(POLL);
                if (exit.isPresent()) {
                    return new Result(exit.getAsInt(), out.text(), err.text(), false);
                }
                if (Instant.now().isAfter(deadline)) {
                    process.destroy();
                    return new Result(124, out.text(), err.text(), true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskCancelledException();
        }
    }

    /** Reads a stream on a virtual thread, keeping the first {@code cap} bytes and counting the rest. */
    private static final class Capture {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;
        private long dropped;

        Capture(InputStream in, int cap) {
            thread = PipeReaders.start("task-command-output", () -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        synchronized (kept) {
                            int keep = Math.max(0, Math.min(n, cap - kept.size()));
                            kept.write(buffer, 0, keep);
                            dropped += n - keep;
                        }
                    }
                } catch (IOException ignored) {
                    // the process was destroyed
                }
            });
        }

        String text() {
            try {
                thread.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (kept) {
                String text = kept.toString(StandardCharsets.UTF_8);
                return dropped == 0 ? text : text + "\n[output truncated: " + dropped + " more bytes]";
            }
        }
    }
}
