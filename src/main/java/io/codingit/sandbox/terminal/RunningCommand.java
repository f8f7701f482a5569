package io.codingit.sandbox.terminal;

import io.codingit.common.PipeReaders;
import io.codingit.sandbox.spi.NumberedOutput;
import io.codingit.sandbox.spi.SandboxProcess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * A command started in a sandbox whose output goes into a {@link CommandOutput} as it arrives, placed by the
 * sandbox's numbering of its output bytes ({@link NumberedOutput}), so that positions mean the same on every server
 * (a process whose sandbox does not number its output is numbered here, in the order this server read it).
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
    private final Decoder stdoutText = new Decoder("stdout");
    private final Decoder stderrText = new Decoder("stderr");
    private long localPosition; // guarded by output

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
        Thread out = null;
        Thread err = null;
        if (process instanceof NumberedOutput numbered) {
            numbered.receive((stderr, offset, bytes) -> (stderr ? stderrText : stdoutText).decode(offset, bytes));
        } else {
            out = PipeReaders.start("command-stdout", () -> pump(process.stdout(), stdoutText));
            err = PipeReaders.start("command-stderr", () -> pump(process.stderr(), stderrText));
        }
        int code;
        try {
            OptionalInt exit = process.waitFor(timeout == null ? Duration.ofDays(3650) : timeout);
            code = exit.orElse(TIMEOUT_EXIT_CODE);
            // also when it ended by itself: whatever it left running in its cgroup goes with it (a kept command's
            // tree was ended by the sandbox already, and destroying would make the sandbox forget it)
            if (!endsWithItsTree || exit.isEmpty()) {
                process.destroy();
            }
            if (out != null) {
                out.join(Duration.ofSeconds(5));
                err.join(Duration.ofSeconds(5));
            }
            stdoutText.end();
            stderrText.end();
            if (exit.isEmpty()) {
                output.finish(code, "[command timed out after " + timeout.toMillis() + " ms]\n");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            code = 130;
        }
        output.finish(code, null);
    }

    /** Reads a stream this server numbers itself: bytes are numbered in the order they are read, over both streams. */
    private void pump(InputStream in, Decoder decoder) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (output) {
                    decoder.decode(localPosition, java.util.Arrays.copyOf(buffer, n));
                    localPosition += n;
                }
            }
        } catch (IOException e) {
            // the process was destroyed; whatever it wrote before is kept
        }
    }

    /**
     * Decodes one stream's numbered bytes as they come, keeping the bytes of a character split across chunks for the
     * next one: each chunk of text is whole characters, placed at the bytes it came from.
     */
    private final class Decoder {
        private final String stream;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private byte[] carried = new byte[0];
        private long carriedFrom;

        Decoder(String stream) {
            this.stream = stream;
        }

        /**
         * The stream's next bytes, numbered from {@code offset}. Bytes carried over are decoded with them even when
         * the other stream's bytes were numbered in between (a character is never split by the other stream, only
         * by the reads); a sequence broken by output the sandbox dropped becomes U+FFFD.
         */
        synchronized void decode(long offset, byte[] bytes) {
            long from = carried.length > 0 ? carriedFrom : offset;
            ByteBuffer in = ByteBuffer.allocate(carried.length + bytes.length).put(carried).put(bytes).flip();
            CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
            utf8.reset();
            utf8.decode(in, chars, false);
            byte[] left = new byte[in.remaining()];
            in.get(left);
            // where the bytes left over begin: in this chunk, or (for a character still incomplete) in the carried ones
            carriedFrom = left.length <= bytes.length ? offset + bytes.length - left.length
                    : carriedFrom + carried.length - (left.length - bytes.length);
            carried = left;
            emit(from, left.length > 0 ? carriedFrom : offset + bytes.length, chars.flip().toString());
        }

        synchronized void end() {
            if (carried.length > 0) {
                emit(carriedFrom, carriedFrom + carried.length, "\uFFFD"); // a character cut off by the end
                carried = new byte[0];
            }
        }

        private void emit(long from, long to, String text) {
            if (!text.isEmpty()) {
                output.append(from, to, stream, text);
            }
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
