package io.codingit.sandbox.spi;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs sandboxes somewhere: on this machine (bubblewrap, the default) or on Kubernetes pods. Providers
 * only create, attach, save a home and resume from it (pause), and destroy; the sandbox registry in the database is the
 * truth about which sandboxes exist, whose they are and until when, so any server can serve any sandbox:
 * it reads the {@link SandboxRecord} and asks the provider that created it for a handle
 * ({@link #attach}). Controllers and other features never see which provider it is.
 */
public interface SandboxProvider {
    /** The name kept in the registry's provider column ({@code local}, {@code kubernetes}). */
    default String name() {
        return "local";
    }

    /**
     * Creates and starts a sandbox. The handle's {@link Sandbox#agent()} is what the registry stores so that
     * other servers can {@link #attach} to it.
     */
    Sandbox create(SandboxSpec spec) throws SandboxUnavailableException;

    /**
     * A handle on a sandbox this provider created, from this server or any other, by its registry record:
     * through its agent's endpoint and secret.
     *
     * @throws SandboxGoneException        when it died or vanished (the reason says how); the registry then
     *                                     records it as killed
     * @throws SandboxUnavailableException when this server cannot tell right now (the substrate does not
     *                                     answer); nothing is recorded
     */
    default Sandbox attach(SandboxRecord record) {
        return find(record.id()).filter(Sandbox::isAlive)
                .orElseThrow(() -> new SandboxGoneException(record.id(), "it is no longer running"));
    }

    /**
     * Destroys the sandbox a record names, whichever server created it, and everything it left behind;
     * false when nothing of it was running.
     */
    default boolean destroy(SandboxRecord record) {
        return kill(record.id());
    }

    /**
     * Called after the registry moved a sandbox's expiry: a provider whose substrate also enforces an expiry of
     * its own (Kubernetes: an agent-sandbox shutdown time) moves it too. The registry stays the truth; nothing
     * to do for the others.
     */
    default void setExpiry(SandboxRecord record, Instant expiresAt) {
    }

    /**
     * The ids of the sandboxes this provider sees running for this server's scope (not counting its warm
     * pool, whose sandboxes belong to nobody yet): reconciliation destroys those the registry does not know.
     */
    default Set<String> runningIds() {
        return listAll().stream().map(Sandbox::id).collect(Collectors.toSet());
    }

    /** A sandbox this server process holds a handle for, by id, whoever owns it (callers check the owner). */
    Optional<Sandbox> find(String sandboxId);

    /** The sandboxes of one owner this server process holds handles for, oldest first. */
    List<Sandbox> listByOwner(String ownerId);

    /** All the sandboxes this server process holds handles for. */
    List<Sandbox> listAll();

    /** Kills a sandbox by id and removes everything it left behind; false when no such sandbox was alive. */
    boolean kill(String sandboxId);

    /**
     * Null when this provider can pause sandboxes ({@link #saveHome} and {@link #resume}); otherwise why not, in
     * words for the caller (a pause is then refused with 409 and a timeout kills as before).
     */
    default String pauseUnsupportedReason() {
        return "sandboxes of the " + name() + " provider cannot be paused";
    }

    /**
     * An estimate of the bytes a {@link #saveHome} would write: what the sandbox changed in its home.
     */
    default long changedHomeBytes(SandboxRecord record) {
        throw new UnsupportedOperationException(pauseUnsupportedReason());
    }

    /**
     * Writes the sandbox's changed home (what differs from its template home, exactly: contents, modes, links, empty
     * directories, deletions) to {@code target} as one file, with the sandbox's processes held still meanwhile. The
     * sandbox keeps running; the caller destroys it after recording the pause. On failure nothing is left at
     * {@code target} and the sandbox runs on.
     *
     * @throws HomeSaveException when the home cannot be saved (e.g. the disk is full)
     */
    default void saveHome(SandboxRecord record, Path target) {
        throw new UnsupportedOperationException(pauseUnsupportedReason());
    }

    /** Lets the processes a successful {@link #saveHome} held go on (the pause could not be recorded after all). */
    default void releaseHeld(SandboxRecord record) {
    }

    /**
     * Starts a sandbox again under the id it had, its home restored from what {@link #saveHome} wrote (over the
     * spec's template home) and with a new agent secret: the resume of a paused sandbox. None of its earlier
     * processes run; the caller starts the template's again.
     *
     * @throws HomeSaveException when the saved home cannot be restored
     */
    default Sandbox resume(SandboxSpec spec, String sandboxId, Path savedHome) {
        throw new UnsupportedOperationException(pauseUnsupportedReason());
    }

    /**
     * Asks the provider to run {@code warmUp} on every sandbox of the template that it keeps ready in a warm pool,
     * before the sandbox waits for an owner (the interpreter starts its driver there, so a new sandbox's first cell
     * finds it imported). The handle it gets belongs to nobody yet; a warm-up that throws leaves the sandbox as it
     * was. Providers without a pool of their own ignore it.
     */
    default void warmUpWith(String templateId, java.util.function.Consumer<Sandbox> warmUp) {
    }

    /** Whether this provider can create sandboxes here, and which limits it cannot apply. */
    ProviderStatus status();

    /**
     * Null when sandboxes of the template can be created here; else why not, in words for the caller (naming the
     * package or the setting). A template may run at an isolation level of its own
     * ({@code codingit.sandbox.isolation.templates}), which this host may not offer while the others work.
     */
    default String unavailableReason(String templateId) {
        ProviderStatus status = status();
        return status.available() ? null : status.unavailableReason();
    }
}
