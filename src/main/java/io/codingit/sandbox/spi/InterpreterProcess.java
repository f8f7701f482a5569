package io.codingit.sandbox.spi;

/**
 * This server's connection to a sandbox's named interpreter, which the sandbox's agent runs and every server
 * shares (docs/sandbox-protocol.md, "Interpreter cells"). Its stdin takes the driver's request lines, its
 * stdout gives the driver's event lines (every line the driver writes while connected, whichever server asked),
 * its stderr the driver's diagnostics. It ends when the driver ends or the connection is lost;
 * {@link #destroy()} ends the interpreter for every server, {@link #detach()} only this connection.
 */
public interface InterpreterProcess extends SandboxProcess {
    /** Whether this call started the driver (it was sent its bootstrap line and will say ready) rather than joined one. */
    boolean started();

    /** Closes this server's connection; the interpreter and its state stay for the next one. */
    void detach();
}
