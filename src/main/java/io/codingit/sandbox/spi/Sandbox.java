package io.codingit.sandbox.spi;

import java.time.Duration;
import java.time.Instant;

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

    /** The files under {@code /home/user}. */
    SandboxFiles files();

    boolean isAlive();

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
