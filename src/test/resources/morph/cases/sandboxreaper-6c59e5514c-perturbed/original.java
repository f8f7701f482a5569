package io.codingit.sandbox.internal;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Kills sandboxes whose time is up, every {@code codingit.sandbox.reaper-interval}. */
@Component
class SandboxReaper implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SandboxReaper.class);

    private final SandboxProvider provider;
    private final SandboxProperties properties;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;

    SandboxReaper(SandboxProvider provider, SandboxProperties properties) {
        this.provider = provider;
        this.properties = properties;
    }

    /** Kills every expired sandbox now; returns how many. */
    int reap() {
        Instant now = clock.instant();
        int killed = 0;
        for (Sandbox sandbox : provider.listAll()) {
            if (!sandbox.expiresAt().isAfter(now) && provider.kill(sandbox.id())) {
                log.info("Sandbox {} of user {} expired and was killed", sandbox.id(), sandbox.ownerId());
                killed++;
            }
        }
        return killed;
    }

    @Override
    public synchronized void start() {
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
