package io.codingit.sandbox.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.spi.SandboxGoneException;

import java.time.Clock;

/**
 * An owner's registry row of a sandbox as a request may use it: another user's sandbox is not found, and a row past
 * its time is ended (or paused) before the answer says so.
 */
final class OwnedRows {
    private final SandboxRegistry registry;
    private final SandboxEnds ends;
    private final SandboxExpiries expiries;
    private final Clock clock;

    OwnedRows(SandboxRegistry registry, SandboxEnds ends, SandboxExpiries expiries, Clock clock) {
        this.registry = registry;
        this.ends = ends;
        this.expiries = expiries;
        this.clock = clock;
    }

    /**
     * The owner's live registry row, or 404 (another user's sandbox is not found either). A killed sandbox
     * answers 404 when it ended normally (its owner killed it, it expired) and 410 with the reason when it died.
     */
    SandboxRegistry.Entry owned(String ownerId, String sandboxId) {
        SandboxRegistry.Entry entry = (sandboxId == null || sandboxId.isBlank() ? java.util.Optional.<SandboxRegistry.Entry>empty()
                : registry.find(sandboxId))
                .filter(e -> e.ownerId().equals(ownerId))
                .orElseThrow(() -> notFound(sandboxId));
        if (entry.state() == SandboxState.KILLED) {
            if (DefaultSandboxes.KILLED_BY_OWNER.equals(entry.stateReason()) || DefaultSandboxes.EXPIRED.equals(entry.stateReason())
                    || DefaultSandboxes.DELETED_WHILE_PAUSED.equals(entry.stateReason())) {
                throw new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found (it " + entry.stateReason() + ")");
            }
            throw new SandboxGoneException(sandboxId, entry.stateReason());
        }
        if (entry.state() == SandboxState.PAUSED) {
            if (!entry.expiresAt().isAfter(clock.instant())) {
                ends.end(entry, DefaultSandboxes.DELETED_WHILE_PAUSED);
                throw new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found (it " + DefaultSandboxes.DELETED_WHILE_PAUSED + ")");
            }
            return entry;
        }
        if (entry.starting()) {
            throw new SandboxException(Kind.UNAVAILABLE, "sandbox " + sandboxId + " is still starting; try again shortly");
        }
        if (!entry.expiresAt().isAfter(clock.instant())) {
            expiries.timedOut(entry);
            SandboxRegistry.Entry now = registry.find(sandboxId).orElseThrow(() -> notFound(sandboxId));
            if (now.state() == SandboxState.PAUSED) {
                return now;
            }
            throw new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found (it expired)");
        }
        return entry;
    }

    static SandboxException notFound(String sandboxId) {
        return new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found");
    }
}
