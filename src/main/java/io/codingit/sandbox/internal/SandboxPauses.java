package io.codingit.sandbox.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.SandboxPauseProperties;
import io.codingit.sandbox.WebPreviews;
import io.codingit.sandbox.spi.HomeSaveException;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.sandbox.spi.SandboxRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pausing running sandboxes, under the owner's disk quota: their changed home saved with its checksum, the pause
 * recorded on the row, their processes destroyed; also the pause of a sandbox a starting server cannot adopt.
 */
final class SandboxPauses {
    private static final Logger log = LoggerFactory.getLogger(SandboxPauses.class);

    private final SandboxProvider provider;
    private final SandboxRegistry registry;
    private final SandboxPauseProperties pauseProperties;
    private final PausedHomes homes;
    private final ObjectProvider<WebPreviews> webPreviews;
    private final TransitionLocks transitions;
    private final ProviderRows rows;
    private final SandboxEnds ends;
    /** What the handles handed out are told (extend, kill): the coordinator's. */
    private final RegisteredSandbox.Registry handles;
    private final Clock clock;
    /**
     * Test seam (SandboxPauseRaceTest only; never set in production): run by a pause once the home is written to its
     * partial file and before the pause is recorded, while the pause holds the sandbox's transition lock. How long a
     * real save takes depends on the machine, so a test that must have a resume arrive during the save holds the
     * save here instead of hoping a big home is slow enough.
     */
    volatile Runnable whileSaving = () -> { };

    SandboxPauses(SandboxProvider provider, SandboxRegistry registry, SandboxPauseProperties pauseProperties,
                  PausedHomes homes, ObjectProvider<WebPreviews> webPreviews, TransitionLocks transitions,
                  ProviderRows rows, SandboxEnds ends, RegisteredSandbox.Registry handles, Clock clock) {
        this.provider = provider;
        this.registry = registry;
        this.pauseProperties = pauseProperties;
        this.homes = homes;
        this.webPreviews = webPreviews;
        this.transitions = transitions;
        this.rows = rows;
        this.ends = ends;
        this.handles = handles;
        this.clock = clock;
    }

    /** Who or what pauses a sandbox; it decides whether the owner's quota can refuse the pause. */
    enum PauseCause {
        /** {@code POST /api/sandbox/{id}/pause}: refused over the quota. */
        OWNER,
        /** The reaper, its time ran out: refused over the quota (the sandbox is then killed, saying why). */
        TIMEOUT,
        /**
         * A starting server that cannot adopt it: never refused for the quota, because the only alternative is to
         * delete the owner's files (issue 18: a restart never deletes a sandbox). A save over the quota is kept and
         * its reason says so; the owner's next pauses are refused until they free space.
         */
        RESTART
    }

    /**
     * Pauses a running sandbox: checks the owner's quota against an estimate, has the provider save the changed
     * home (processes held still) to a partial file, renames it into place with its checksum, records the pause,
     * and destroys the sandbox. A failure before the record leaves the sandbox running and no saved home.
     *
     * @param cause  who pauses it (a restart's pause is not refused for the quota)
     * @param reason why it is paused, recorded on the row and shown with it ({@code pauseReason})
     * @return the paused row
     */
    SandboxRegistry.Entry pause(SandboxRegistry.Entry given, PauseCause cause, String reason) {
        String id = given.id();
        ReentrantLock lock = transitions.of(id);
        lock.lock();
        try {
            SandboxRegistry.Entry entry = registry.find(id).orElseThrow(() -> OwnedRows.notFound(id));
            if (entry.state() == SandboxState.PAUSED) {
                throw new SandboxException(Kind.CONFLICT, "already_paused", "sandbox " + id + " is already paused (since "
                        + entry.pausedAt() + "); using it resumes it, or POST /api/sandbox/" + id + "/resume");
            }
            if (entry.state() != SandboxState.RUNNING) {
                throw OwnedRows.notFound(id);
            }
            if (entry.starting()) {
                throw new SandboxException(Kind.UNAVAILABLE, "sandbox " + id + " is still starting; try again shortly");
            }
            String unsupported = entry.provider().equals(provider.name()) ? provider.pauseUnsupportedReason()
                    : "it runs on the " + entry.provider() + " provider, which this server is not configured with";
            if (unsupported != null) {
                throw new SandboxException(Kind.CONFLICT, "pause_unsupported", "sandbox " + id + " cannot be paused: "
                        + unsupported + "; extend it (POST /api/sandbox/" + id + "/timeout) or kill it");
            }
            SandboxRecord record = registry.record(entry);
            long quota = pauseProperties.quotaPerUser().toBytes();
            long used = registry.pausedBytes(entry.ownerId());
            long estimate = provider.changedHomeBytes(record);
            boolean quotaRefuses = cause != PauseCause.RESTART;
            if (quotaRefuses && used + estimate > quota) {
                throw overQuota(id, used, estimate, quota);
            }
            WebPreviews previews = webPreviews.getIfAvailable();
            io.codingit.sandbox.KeptPreview keptPreview = null;
            if (previews != null) {
                try {
                    // a handle that does not report "gone": pausing a sandbox whose processes ended (at start-up) must
                    // not end its row before its home is saved
                    keptPreview = previews.paused(new RegisteredSandbox(entry, withoutGoneReports(), () -> rows.attach(entry)))
                            .orElse(null);
                } catch (RuntimeException e) {
                    log.warn("Sandbox {}: its preview could not be kept for the resume: {}", id, e.toString());
                }
            }
            Path partial = homes.partial(id);
            provider.saveHome(record, partial);
            whileSaving.run();
            PausedHomes.Saved saved;
            try {
                saved = homes.commit(id);
            } catch (IOException | RuntimeException e) {
                homes.delete(id);
                provider.releaseHeld(record);
                log.warn("Sandbox {}: its saved home could not be kept: {}", id, e.toString());
                throw new HomeSaveException("the home of sandbox " + id + " could not be saved (the server could not keep "
                        + "the archive); it keeps running and nothing was kept", e);
            }
            String recorded = reason;
            if (used + saved.bytes() > quota) {
                if (quotaRefuses) {
                    homes.delete(id);
                    provider.releaseHeld(record);
                    throw overQuota(id, used, saved.bytes(), quota);
                }
                recorded = reason + "; it was kept although your paused sandboxes now hold " + megabytes(used + saved.bytes())
                        + " of your " + megabytes(quota) + " (codingit.sandbox.pause.quota-per-user): new pauses are refused "
                        + "until you free space (resume or kill a paused sandbox)";
            }
            Instant now = clock.instant();
            if (!registry.markPaused(id, saved.bytes(), saved.sha256(), now, now.plus(pauseProperties.retention()),
                    keptPreview, recorded)) {
                homes.delete(id);
                provider.releaseHeld(record);
                throw new SandboxException(Kind.CONFLICT, "sandbox " + id + " changed state while it was being paused; "
                        + "look at it again (GET /api/sandbox/" + id + ")");
            }
            rows.destroyQuietly(entry);
            log.info("Sandbox {} of {} was paused: {} ({} bytes kept)", id, entry.ownerId(), recorded, saved.bytes());
            return registry.find(id).orElseThrow(() -> OwnedRows.notFound(id));
        } finally {
            lock.unlock();
        }
    }

    /**
     * A running sandbox that a starting server cannot adopt (it died while no server held it): paused from what is
     * left of its home, never deleted (issue 18: a restart pauses what it cannot keep), over its owner's pause quota
     * too; killed with the reason only when its home cannot be saved at all (it is gone from disk, the disk is full).
     *
     * @return whether its row changed
     */
    boolean onUnrecoverableAtStart(SandboxRegistry.Entry entry, String reason) {
        if (entry.state() == SandboxState.PAUSED) {
            return false;
        }
        log.info("Sandbox {} of {} cannot be adopted ({}); pausing it from what is left of its home", entry.id(),
                entry.ownerId(), reason);
        try {
            pause(entry, PauseCause.RESTART, "paused at a server start-up, which could not adopt it (" + reason + ")");
            return true;
        } catch (RuntimeException e) {
            log.info("Sandbox {} could not be paused at start-up: {}", entry.id(), e.getMessage());
            return ends.end(entry, reason + "; its home could not be kept (" + e.getMessage() + ")");
        }
    }

    /** The handles' registry, except that a handle's "gone" is not acted on (the caller decides what becomes of the row). */
    private RegisteredSandbox.Registry withoutGoneReports() {
        RegisteredSandbox.Registry registry = handles;
        return new RegisteredSandbox.Registry() {
            @Override
            public Instant extend(RegisteredSandbox sandbox, Duration timeout) {
                return registry.extend(sandbox, timeout);
            }

            @Override
            public void gone(RegisteredSandbox sandbox, SandboxGoneException e) {
                // told to the caller through the exception
            }

            @Override
            public void kill(RegisteredSandbox sandbox) {
                registry.kill(sandbox);
            }

            @Override
            public void kill(RegisteredSandbox sandbox, String reason) {
                registry.kill(sandbox, reason);
            }

            @Override
            public boolean endedOnRequest(RegisteredSandbox sandbox) {
                return registry.endedOnRequest(sandbox);
            }
        };
    }

    private SandboxException overQuota(String id, long used, long needed, long quota) {
        return new SandboxException(Kind.CONFLICT, "pause_quota", "sandbox " + id + " cannot be paused: its home needs "
                + megabytes(needed) + " and your paused sandboxes already hold " + megabytes(used) + " of your "
                + megabytes(quota) + " (codingit.sandbox.pause.quota-per-user); kill a paused sandbox or delete files first");
    }

    private static String megabytes(long bytes) {
        // a small quota (a test's, an operator's 64KB) would read "0.0 MiB"
        return bytes < 1024 * 1024 ? String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
