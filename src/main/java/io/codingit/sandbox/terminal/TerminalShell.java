package io.codingit.sandbox.terminal;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.TerminalProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A login shell on a pseudo-terminal that the sandbox's agent opens (docs/sandbox-protocol.md, "PTY sessions"):
 * any server reaches it the same way, and it is killed when this server's connection to it ends. The server
 * never holds a terminal device of its own.
 */
final class TerminalShell implements AutoCloseable {
    private final TerminalProcess process;
    private final OutputStream keystrokes;

    private TerminalShell(TerminalProcess process) {
        this.process = process;
        this.keystrokes = process.stdin();
    }

    static TerminalShell start(Sandbox sandbox, int cols, int rows) {
        return new TerminalShell(sandbox.terminal(new Command(List.of("bash", "-l"), Sandbox.HOME, Map.of(), null), cols, rows));
    }

    InputStream output() {
        return process.stdout();
    }

    synchronized void input(String data) throws IOException {
        keystrokes.write(data.getBytes(StandardCharsets.UTF_8));
    }

    void resize(int cols, int rows) {
        process.resize(cols, rows);
    }

    /** The shell's exit code once it has ended. */
    int exitCode() throws InterruptedException {
        return process.waitFor(Duration.ofSeconds(5)).orElse(-1);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
