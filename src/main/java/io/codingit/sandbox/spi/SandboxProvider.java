package io.codingit.sandbox.spi;

import java.util.List;
import java.util.Optional;

/**
 * Runs sandboxes somewhere: on this machine (bubblewrap, the default) or, later, on Kubernetes pods or
 * a remote service. Controllers and other features never see which one.
 */
public interface SandboxProvider {
    /** Creates and starts a sandbox. */
    Sandbox create(SandboxSpec spec) throws SandboxUnavailableException;

    /** A live sandbox by id, whoever owns it (callers check the owner). */
    Optional<Sandbox> find(String sandboxId);

    /** The live sandboxes of one user, oldest first. */
    List<Sandbox> listByOwner(String ownerId);

    /** All live sandboxes (for the reaper). */
    List<Sandbox> listAll();

    /** Kills a sandbox and removes everything it left behind; false when no such sandbox was alive. */
    boolean kill(String sandboxId);

    /** Whether this provider can create sandboxes here, and which limits it cannot apply. */
    ProviderStatus status();
}
