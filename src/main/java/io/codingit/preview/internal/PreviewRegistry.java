package io.codingit.preview.internal;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live previews by sandbox id. A preview whose sandbox died is removed (and its relay closed) the
 * moment it is looked up, so a killed or expired sandbox's preview is 404 at once; a sweep every
 * few seconds closes the relays of dead sandboxes nobody asks for, and shutdown closes all of them.
 */
@Component
class PreviewRegistry implements SmartLifecycle {
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);

    private final Map<String, Preview> bySandbox = new ConcurrentHashMap<>();
    /** Previews of paused sandboxes, by sandbox id: a request to one wakes its sandbox up. */
    private final Map<String, SleepingPreview> sleeping = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    @Override
    public synchronized void start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("preview-sweeper").factory());
        sweeper.scheduleWithFixedDelay(this::forgetDead, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
        bySandbox.values().forEach(Preview::stop);
        bySandbox.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return sweeper != null;
    }

    void add(Preview preview) {
        forgetDead();
        sleeping.remove(preview.sandbox().id());
        Preview previous = bySandbox.put(preview.sandbox().id(), preview);
        if (previous != null) {
            previous.stop();
        }
    }

    /**
     * The sandbox is about to be paused: its preview's URL is kept for the wake-up. The live preview stays until its
     * sandbox is gone (then it is dropped like any dead one), so a pause that fails leaves it serving.
     */
    void keepForWake(String sandboxId) {
        Preview preview = bySandbox.get(sandboxId);
        if (preview != null) {
            sleeping.put(sandboxId, new SleepingPreview(sandboxId, preview.sandbox().ownerId(), preview.port(), preview.secret()));
        }
    }

    /** The kept preview of a paused (or waking) sandbox. */
    Optional<SleepingPreview> sleeping(String sandboxId) {
        return Optional.ofNullable(sleeping.get(sandboxId));
    }

    /** The kept preview of that sandbox and port, only when {@code secret} is its secret. */
    Optional<SleepingPreview> sleeping(String sandboxId, int port, String secret) {
        SleepingPreview kept = sleeping.get(sandboxId);
        return kept != null && kept.port() == port && MessageDigest.isEqual(kept.secret().getBytes(StandardCharsets.US_ASCII),
                secret.getBytes(StandardCharsets.US_ASCII)) ? Optional.of(kept) : Optional.empty();
    }

    /** Forgets the kept preview of a sandbox that will not wake up (it was killed or deleted). */
    void forgetSleeping(String sandboxId) {
        sleeping.remove(sandboxId);
    }

    /** The live preview of that sandbox and port, only when {@code secret} is its secret. */
    Optional<Preview> find(String sandboxId, int port, String secret) {
        Preview preview = bySandbox.get(sandboxId);
        if (preview == null) {
            return Optional.empty();
        }
        if (!preview.sandbox().isAlive()) {
            bySandbox.remove(sandboxId, preview);
            preview.stop();
            return Optional.empty();
        }
        boolean secretMatches = MessageDigest.isEqual(preview.secret().getBytes(StandardCharsets.US_ASCII),
                secret.getBytes(StandardCharsets.US_ASCII));
        return secretMatches && preview.port() == port ? Optional.of(preview) : Optional.empty();
    }

    private void forgetDead() {
        bySandbox.values().removeIf(preview -> {
            if (preview.sandbox().isAlive()) {
                return false;
            }
            preview.stop();
            return true;
        });
    }
}
