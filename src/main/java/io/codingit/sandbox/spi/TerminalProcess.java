package io.codingit.sandbox.spi;

/**
 * A command running on a pseudo-terminal inside the sandbox (its agent opens the terminal: docs/sandbox-protocol.md,
 * "PTY sessions"). Its stdout is the terminal's output, its stdin the keystrokes; stderr stays empty. It is killed
 * when this connection to it ends.
 */
public interface TerminalProcess extends SandboxProcess {
    /** Sets the window size (1..1000 each); the programs on the terminal get {@code SIGWINCH}. */
    void resize(int cols, int rows);
}
