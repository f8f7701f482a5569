package io.codingit.sandbox.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.spi.SandboxGoneException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The end of registered sandboxes: a kill recorded on the row and the sandbox destroyed with its saved home, and what
 * becomes of a sandbox its provider reports gone.
 */
final class SandboxEnds {
    private static final Logger log = LoggerFactory.getLogger(SandboxEnds.class);

    private final SandboxRegistry registry;
    private final PausedHomes homes;
    private final ProviderRows rows;
    private final Clock clock;

    SandboxEnds(SandboxRegistry registry, PausedHomes homes, ProviderRows rows, Clock clock) {
        this.registry = registry;
        this.homes = homes;
        this.rows = rows;
        this.clock = clock;
    }

    /**
     * A call that failed because its sandbox was paused while it ran (its processes were held, then ended with the
     * pause) is not a gone sandbox: 409 saying so, and that sending it again resumes the sandbox.
     */
    RuntimeException goneDuring(RegisteredSandbox sandbox, SandboxGoneException e) {
        gone(sandbox, e);
        if (sandbox.entry().state() == SandboxState.RUNNING && registry.find(sandbox.id())
                .map(now -> now.state() == SandboxState.PAUSED).orElse(false)) {
            return new SandboxException(Kind.CONFLICT, "sandbox_paused", "sandbox " + sandbox.id() + " was paused while "
                    + "this request ran, so it was not completed; send it again: using a paused sandbox resumes it");
        }
        return e;
    }

    void gone(RegisteredSandbox sandbox, SandboxGoneException e) {
        if (onUnrecoverable(sandbox.entry(), e.reason())) {
            log.info("Sandbox {} of {} is gone: {}", sandbox.id(), sandbox.ownerId(), e.reason());
        }
    }

    /**
     * The one place that decides what becomes of a registered sandbox its provider cannot keep while servers run
     * (its agent died or does not answer with its secret, its processes or pod vanished): a {@code running} row is
     * marked killed with the reason, only if it is still the incarnation the caller saw (a sandbox resumed since
     * has a new agent secret, and a stale handle must not end it), and whatever is left of it is destroyed; a
     * {@code paused} row is left as it is, with its home on disk. At start-up
     * {@link SandboxPauses#onUnrecoverableAtStart} decides instead.
     *
     * @return whether this call ended the row
     */
    boolean onUnrecoverable(SandboxRegistry.Entry entry, String reason) {
        if (entry.state() == SandboxState.PAUSED) {
            log.info("Sandbox {} is paused and its processes are gone ({}); its row and home are kept", entry.id(), reason);
            return false;
        }
        if (!registry.markGone(entry, reason, clock.instant())) {
            return false;
        }
        rows.destroyQuietly(entry);
        return true;
    }

    /**
     * Records the end of a sandbox and destroys it. Only the server whose update changed the row destroys it;
     * a provider that cannot be reached now leaves it to reconciliation, which destroys sandboxes no live row
     * knows.
     *
     * @return whether this call ended it
     */
    boolean end(SandboxRegistry.Entry entry, String reason) {
        if (!registry.markKilled(entry.id(), reason, clock.instant())) {
            return false;
        }
        if (entry.state() == SandboxState.PAUSED) {
            // nothing runs; its saved home goes (a pause that raced this end has its row killed, so it is removed too)
            deleteSavedHome(entry.id());
            return true;
        }
        rows.destroyQuietly(entry);
        deleteSavedHome(entry.id());
        return true;
    }

    private void deleteSavedHome(String id) {
        try {
            homes.delete(id);
        } catch (RuntimeException e) {
            log.warn("Sandbox {}: its saved home could not be deleted now: {}", id, e.toString());
        }
    }
}
