package io.codingit.sandbox.internal;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxRegistryProperties;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code codingit.sandbox.reaper-interval}: ends the registry's expired sandboxes (whichever server
 * created them; of several servers reaping at once, the one whose update ends the row destroys it), ends
 * those whose processes this server sees dead, and purges killed rows past their retention.
 */
@Component
class SandboxReaper implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SandboxReaper.class);
    private static final int BATCH = 100;
    /** A sandbox this new may still be between its provider's create and its registration. */
    private static final java.time.Duration REGISTER_GRACE = java.time.Duration.ofMinutes(1);
    /** A row still without an agent this long after its creation began belongs to a create that died. */
    static final java.time.Duration STARTING_GRACE = java.time.Duration.ofMinutes(10);

    private final SandboxProvider provider;
    private final SandboxRegistry registry;
    private final DefaultSandboxes sandboxes;
    private final SandboxProperties properties;
    private final SandboxRegistryProperties registryProperties;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;

    SandboxReaper(SandboxProvider provider, SandboxRegistry registry, DefaultSandboxes sandboxes,
                  SandboxProperties properties, SandboxRegistryProperties registryProperties) {
        this.provider = provider;
        this.registry = registry;
        this.sandboxes = sandboxes;
        this.properties = properties;
        this.registryProperties = registryProperties;
    }

    /** Ends every expired sandbox (and every one whose processes died) now; returns how many. */
    int reap() {
        Instant now = clock.instant();
        int killed = 0;
        for (SandboxRegistry.Entry entry : registry.expired(now, BATCH)) {
            if (entry.state() == SandboxState.PAUSED) {
                if (sandboxes.end(entry, DefaultSandboxes.DELETED_WHILE_PAUSED)) {
                    log.info("Paused sandbox {} of {} was kept its retention and was deleted with its saved home",
                            entry.id(), entry.ownerId());
                    killed++;
                }
            } else if (sandboxes.timedOut(entry)) {
                killed++;
            }
        }
        List<Sandbox> held = provider.listAll();
        Map<String, SandboxState> states = registry.statesOf(held.stream().map(Sandbox::id).toList());
        for (Sandbox sandbox : held) {
            SandboxState state = states.get(sandbox.id());
            // no row yet: it may be between its provider's create and its registration
            boolean ended = state == SandboxState.KILLED
                    || (state == null && sandbox.createdAt().isBefore(now.minus(REGISTER_GRACE)));
            if (ended && provider.kill(sandbox.id())) {
                // ended through the registry by another server, which could not reach it
                log.info("Sandbox {} of {} was ended elsewhere and was removed here", sandbox.id(), sandbox.ownerId());
                killed++;
            } else if (!sandbox.isAlive()) {
                killed += endDead(sandbox, now);
            }
        }
        registry.purgeKilled(now.minus(registryProperties.killedRetention()));
        return killed;
    }

    private int endDead(Sandbox sandbox, Instant now) {
        var entry = registry.find(sandbox.id());
        if (entry.isEmpty()) {
            return provider.kill(sandbox.id()) ? 1 : 0;
        }
        if (sandboxes.onUnrecoverable(entry.get(), "its processes stopped")) {
            log.info("Sandbox {} of {} died and was removed", sandbox.id(), sandbox.ownerId());
            return 1;
        }
        return 0;
    }

    /**
     * Reconciles the registry with what really runs, once at start: every live row of this server's provider
     * is attached, which for the local provider adopts the sandboxes a previous run of this server left running
     * (their agent answers with the registry's secret), so they keep their interpreter, commands and apps; a
     * live row whose sandbox is gone (its agent does not answer, its processes or pod vanished) is paused from
     * what is left of its home, or killed with the reason when nothing can be kept
     * ({@link DefaultSandboxes#onUnrecoverableAtStart}); a row whose provider cannot tell now is left as
     * it is; a row that never finished starting is ended; and a sandbox running that no live row knows is
     * destroyed.
     *
     * @return how many rows and sandboxes were put right
     */
    int reconcile() {
        Instant now = clock.instant();
        int fixed = 0;
        for (SandboxRegistry.Entry entry : registry.listLiveOf(provider.name())) {
            if (entry.state() == SandboxState.PAUSED) {
                // nothing runs: its saved home is its whole existence until it is resumed or its retention ends
                continue;
            }
            if (entry.starting()) {
                if (entry.createdAt().plus(STARTING_GRACE).isBefore(now)
                        && registry.markKilled(entry.id(), "it never finished starting", now)) {
                    fixed++;
                }
                continue;
            }
            try {
                provider.attach(registry.record(entry));
            } catch (SandboxGoneException e) {
                if (sandboxes.onUnrecoverableAtStart(entry, e.reason())) {
                    log.info("Sandbox {} of {} could not be adopted at start-up: {}", entry.id(), entry.ownerId(), e.reason());
                    fixed++;
                }
            } catch (RuntimeException e) {
                log.debug("Sandbox {} cannot be checked from this server now: {}", entry.id(), e.getMessage());
            }
        }
        for (String id : provider.runningIds()) {
            boolean known = registry.find(id).map(e -> e.state().live()).orElse(false);
            if (!known && provider.kill(id)) {
                log.info("Sandbox {} ran with no live registry row and was destroyed", id);
                fixed++;
            }
        }
        return fixed;
    }

    @Override
    public synchronized void start() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("Sandbox reconciliation at start-up failed: {}", e.toString());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("sandbox-reaper").factory());
        long interval = Math.max(100, properties.reaperInterval().toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                reap();
            } catch (RuntimeException e) {
                log.warn("Sandbox reaper failed: {}", e.toString());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
