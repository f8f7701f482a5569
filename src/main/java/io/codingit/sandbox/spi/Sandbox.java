package io.codingit.sandbox.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One isolated environment with a writable {@code /home/user}. Every method may throw
 * {@link SandboxGoneException} once the sandbox has been killed or has expired. Handles that
 * {@link io.codingit.sandbox.Sandboxes} gives out take owner, template, creation and expiry from the
 * sandbox registry, and {@link #setTimeout} and {@link #kill} go through it.
 */
public interface Sandbox {
    /** The home directory inside every sandbox; file access is confined to it. */
    String HOME = "/home/user";

    String id();

    String ownerId();

    String templateId();

    Instant createdAt();

    /** Where its agent answers and the per-sandbox secret (kept in the registry, encrypted; never returned). */
    AgentAddress agent();

    Instant expiresAt();

    /** Moves the expiry to {@code timeout} from now. */
    void setTimeout(Duration timeout);

    /** Runs a command to completion (or its timeout) and collects its capped output. */
    CommandResult run(Command command);

    /** Starts a command and hands over its streams; the caller destroys it (killing the sandbox does too). */
    SandboxProcess start(Command command);

    /**
     * Starts a command like {@link #start(Command)} that the sandbox lists with {@code tag} (at most 200
     * characters) in {@link #commands()}, so that any server finds it and can {@link #attach} to it.
     */
    SandboxProcess start(Command command, String tag);

    /** The commands the sandbox keeps: every running one and the last finished ones, oldest first. */
    List<CommandState> commands();

    /**
     * Attaches to a command the sandbox keeps: its output from the first byte the sandbox still holds, then live,
     * then its exit. Destroying the handle kills the command.
     */
    SandboxProcess attach(String commandId);

    /** Starts a command on a new pseudo-terminal of {@code cols} × {@code rows}; it dies when the caller destroys it or goes away. */
    TerminalProcess terminal(Command command, int cols, int rows);

    /**
     * Opens a TCP connection to {@code port} on the sandbox's own loopback (the preview's way in); the app's bytes
     * go to {@code receiver}. A port nothing listens on fails the call.
     */
    PortConnection connect(int port, PortConnection.Receiver receiver);

    /**
     * Connects to the sandbox's interpreter called {@code name}, starting {@code command} with {@code bootstrap}
     * as its first input line when none of that name runs: every server reaching the sandbox gets the same
     * interpreter, and its state.
     */
    InterpreterProcess interpreter(String name, Command command, String bootstrap, long maxLineBytes);

    /** The files under {@code /home/user}. */
    SandboxFiles files();

    boolean isAlive();

    /**
     * Whether it was ended on request (its owner's kill, its expiry, a pause, a kill with a reason) rather than by
     * itself (out of memory, its processes stopped): the registry records a requested end before it stops any
     * process, so the answer is true as soon as anything of the sandbox stops for that reason. False while it runs,
     * and for a handle no registry records (a provider's own): providers need not implement it.
     */
    default boolean endedOnRequest() {
        return false;
    }

    /** Kills every process of the sandbox and removes its mounts, cgroups, network namespace and directories. */
    void kill();

    /**
     * Kills it for {@code reason} (said to whoever asks for it later, e.g. "the fragment it was created for failed"),
     * where the sandbox is registered; else the same as {@link #kill()}.
     */
    default void kill(String reason) {
        kill();
    }
}
