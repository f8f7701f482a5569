package io.codingit.sandbox.terminal;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A login shell on a pseudo-terminal opened inside the sandbox by {@code pty_helper.py} (run by the
 * sandbox's Python as the sandbox user). Input and resizes go over the helper's stdin as frames; the
 * terminal's output comes back on its stdout. The server never holds a terminal device of its own.
 */
final class PtyHelper implements AutoCloseable {
    private static final String SOURCE = load();

    private final SandboxProcess process;
    private final DataOutputStream frames;

    private PtyHelper(SandboxProcess process) {
        this.process = process;
        this.frames = new DataOutputStream(process.stdin());
    }

    static PtyHelper start(Sandbox sandbox, String python, int cols, int rows) {
        Command command = new Command(List.of(python, "-c", SOURCE, Integer.toString(cols), Integer.toString(rows)),
                Sandbox.HOME, Map.of("TERM", "xterm-256color"), null);
        return new PtyHelper(sandbox.start(command));
    }

    InputStream output() {
        return process.stdout();
    }

    synchronized void input(String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        frames.writeByte('i');
        frames.writeInt(bytes.length);
        frames.write(bytes);
        frames.flush();
    }

    synchronized void resize(int cols, int rows) throws IOException {
        frames.writeByte('r');
        frames.writeInt(4);
        frames.writeShort(cols);
        frames.writeShort(rows);
        frames.flush();
    }

    /** The shell's exit code once the helper has ended. */
    int exitCode() throws InterruptedException {
        return process.waitFor(Duration.ofSeconds(5)).orElse(-1);
    }

    @Override
    public void close() {
        process.destroy();
    }

    private static String load() {
        try (InputStream in = PtyHelper.class.getResourceAsStream("/io/codingit/sandbox/terminal/pty_helper.py")) {
            if (in == null) {
                throw new IllegalStateException("pty_helper.py is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
