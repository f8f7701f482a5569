package io.codingit.sandbox;

import io.codingit.sandbox.spi.ProviderStatus;
import io.codingit.sandbox.spi.Sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The sandboxes of users: what controllers and other features use. Every method that takes an owner
 * treats another user's sandbox as unknown. Failures are {@link SandboxException}s whose kinds map to the
 * contract's status codes: 400 unknown template, 404 unknown sandbox, 429 too many live sandboxes,
 * 503 sandboxes (or the template) unavailable on this server.
 */
public interface Sandboxes {
    List<SandboxTemplate> templates();

    /** The template, or 400 naming the valid ids; 503 when this server cannot run it. */
    SandboxTemplate requireTemplate(String templateId);

    /**
     * Whether the template's home is prepared here. Asking with {@code prepare} starts the preparation in the
     * background when it has not started yet (the first need).
     */
    TemplateReadiness readiness(String templateId, boolean prepare);

    /** Creates a sandbox with the default lifetime. */
    default Sandbox create(String ownerId, String templateId) {
        return create(ownerId, templateId, List.of());
    }

    /**
     * Creates a sandbox with the default lifetime that can reach the given ports of the host's loopback at the
     * same ports of its own (see {@link io.codingit.sandbox.spi.SandboxSpec#hostLoopbackPorts()}); 503 when this
     * server's sandboxes have no network to carry them.
     */
    Sandbox create(String ownerId, String templateId, List<Integer> hostLoopbackPorts);

    /**
     * The caller's live sandbox, or 404. A paused sandbox is resumed first (its home restored, the template's
     * processes started again); the HTTP answer of the request then carries {@link #RESUMED_HEADER}.
     */
    Sandbox get(String ownerId, String sandboxId);

    /**
     * A live sandbox by id whoever owns it, or empty: only for callers that authorize by other means (a preview
     * URL's secret, checked against what the sandbox itself keeps). Never fails: anything not live is empty.
     */
    Optional<Sandbox> findLive(String sandboxId);

    /**
     * A paused sandbox by id whoever owns it, only when the preview kept at its pause has this port and secret (its
     * hash checked against the registry's, in constant time); empty otherwise, never fails. For the preview URL of a
     * paused sandbox, which wakes it on any server and after a restart: the handle is not resumed until it is used
     * ({@link #get} with its {@link Sandbox#ownerId()} resumes it).
     */
    Optional<Sandbox> findPausedPreview(String sandboxId, int port, String secret);

    /** Set to {@code true} on the answer of a request that resumed a paused sandbox on its way. */
    String RESUMED_HEADER = "X-Sandbox-Resumed";

    /**
     * The caller's live sandbox as the registry has it, running or paused, without resuming it or reaching its
     * agent; 404 otherwise.
     */
    Sandbox describe(String ownerId, String sandboxId);

    /**
     * Pauses the caller's running sandbox: its changed home is saved under the data directory (within the owner's
     * disk quota) and its processes are stopped; interpreter variables and running processes are not kept. 409 when
     * it is already paused, over the quota, or its provider cannot pause; 503 when the home cannot be saved (it then
     * keeps running).
     */
    Sandbox pause(String ownerId, String sandboxId);

    /** Resumes the caller's paused sandbox; 409 when it is running, or when its saved home is damaged. */
    Sandbox resume(String ownerId, String sandboxId);

    /** The caller's live sandboxes, oldest first. */
    List<Sandbox> list(String ownerId);

    /** Moves the sandbox's expiry to {@code timeout} from now (at most the configured maximum). */
    Sandbox setTimeout(String ownerId, String sandboxId, Duration timeout);

    /** Kills the caller's sandbox, or 404. */
    void kill(String ownerId, String sandboxId);

    ProviderStatus status();

    /**
     * The isolation level sandboxes of the template run at ({@code namespaces} or {@code gvisor};
     * {@code codingit.sandbox.isolation.level}, docs/sandbox.md "Isolation levels").
     */
    String isolationLevel(String templateId);
}
