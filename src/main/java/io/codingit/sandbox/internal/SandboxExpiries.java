package io.codingit.sandbox.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.SandboxPauseProperties;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.spi.HomeSaveException;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A sandbox's expiry: moved by its owner (within the maximum), and what becomes of it when it passes. */
final class SandboxExpiries {
    private static final Logger log = LoggerFactory.getLogger(SandboxExpiries.class);

    private final SandboxProvider provider;
    private final SandboxRegistry registry;
    private final SandboxProperties properties;
    private final SandboxPauseProperties pauseProperties;
    private final SandboxPauses pauses;
    private final SandboxEnds ends;
    private final Clock clock;

    SandboxExpiries(SandboxProvider provider, SandboxRegistry registry, SandboxProperties properties,
                    SandboxPauseProperties pauseProperties, SandboxPauses pauses, SandboxEnds ends, Clock clock) {
        this.provider = provider;
        this.registry = registry;
        this.properties = properties;
        this.pauseProperties = pauseProperties;
        this.pauses = pauses;
        this.ends = ends;
        this.clock = clock;
    }

    /** Moves the sandbox's expiry to {@code timeout} from now in the registry, then in its provider if it keeps one. */
    Instant extend(RegisteredSandbox sandbox, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new SandboxException(Kind.INVALID, "timeout must be positive");
        }
        if (timeout.compareTo(properties.maxTimeout()) > 0) {
            throw new SandboxException(Kind.INVALID, "timeout must be at most " + properties.maxTimeout().toSeconds() + " seconds");
        }
        Instant expiresAt = clock.instant().plus(timeout);
        if (!registry.setExpiry(sandbox.id(), expiresAt)) {
            throw new SandboxGoneException(sandbox.id(), "it was killed");
        }
        try {
            provider.setExpiry(registry.record(sandbox.entry()), expiresAt);
        } catch (RuntimeException e) {
            // the registry's expiry holds (the reaper ends it then); the substrate's own may end it earlier
            log.warn("Sandbox {}: its provider could not move its own expiry: {}", sandbox.id(), e.getMessage());
        }
        return expiresAt;
    }

    /**
     * A running sandbox whose time is up: paused when {@code codingit.sandbox.pause.on-timeout} is {@code pause}, its
     * provider can pause and it belongs to a user (sandboxes of tasks and other non-user owners end as before);
     * killed otherwise, or when the pause is refused (over the quota), saying why.
     *
     * @return whether this call paused or ended it
     */
    boolean timedOut(SandboxRegistry.Entry entry) {
        boolean pausable = pauseProperties.onTimeout() == SandboxPauseProperties.OnTimeout.PAUSE
                && !entry.ownerId().contains(":") && !entry.starting() && entry.provider().equals(provider.name())
                && provider.pauseUnsupportedReason() == null;
        if (pausable) {
            try {
                pauses.pause(entry, SandboxPauses.PauseCause.TIMEOUT, "paused when its time ran out");
                return true;
            } catch (SandboxException | HomeSaveException e) {
                if (registry.find(entry.id()).map(SandboxRegistry.Entry::state).orElse(SandboxState.KILLED) != SandboxState.RUNNING) {
                    return false;
                }
                log.info("Sandbox {} of {}: its time ran out and it could not be paused: {}", entry.id(), entry.ownerId(),
                        e.getMessage());
                return ends.end(entry, "its time ran out and its home could not be kept: " + e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Sandbox {}: pausing it at its timeout failed: {}", entry.id(), e.toString());
                return ends.end(entry, "its time ran out and its home could not be kept");
            }
        }
        return ends.end(entry, DefaultSandboxes.EXPIRED);
    }
}
