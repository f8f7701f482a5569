package io.codingit.preview.internal;

import io.codingit.sandbox.KeptPreview;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Sandbox;
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
    private final Sandboxes sandboxes;
    /** Previews of paused sandboxes, by sandbox id: a request to one wakes its sandbox up. */
    private final Map<String, SleepingPreview> sleeping = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    PreviewRegistry(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
    }

    /** How a preview's app is tagged in its sandbox: the port and the SHA-256 of the URL's secret (never the secret). */
    static String tag(int port, String secret) {
        return tagOfHash(port, sha256(secret));
    }

    /** The tag of a preview known by the hash of its secret only (kept in the registry at a pause). */
    static String tagOfHash(int port, String secretSha256) {
        return TAG_PREFIX + port + ":" + secretSha256;
    }

    /** The preview a tag describes, if it is one. */
    static Optional<KeptPreview> ofTag(String tag) {
        if (tag == null || !tag.startsWith(TAG_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = tag.substring(TAG_PREFIX.length()).split(":", -1);
        try {
            return parts.length == 2 ? Optional.of(new KeptPreview(Integer.parseInt(parts[0]), parts[1])) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static final String TAG_PREFIX = "preview:";

    private static String sha256(String value) {
        return KeptPreview.sha256(value);
    }

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
        // the apps go on: their sandboxes outlive this server (or end with it, when the provider kills them)
        bySandbox.values().forEach(Preview::release);
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
     * The sandbox is about to be paused: its preview's URL is kept for the wake-up, here (with its secret) when this
     * server serves it, and in the registry (port and the secret's hash, returned) so that any server, this one after
     * a restart included, wakes it. A preview this server does not hold is found by its app's tag in the sandbox.
     * The live preview stays until its sandbox is gone (then it is dropped like any dead one), so a pause that fails
     * leaves it serving.
     */
    Optional<KeptPreview> keepForWake(Sandbox sandbox) {
        Preview preview = bySandbox.get(sandbox.id());
        if (preview != null) {
            sleeping.put(sandbox.id(), new SleepingPreview(sandbox.id(), sandbox.ownerId(), preview.port(), preview.secret()));
            return Optional.of(KeptPreview.of(preview.port(), preview.secret()));
        }
        return sandbox.commands().stream().filter(c -> c.running()).map(c -> ofTag(c.tag()))
                .flatMap(Optional::stream).findFirst();
    }

    /** The kept preview of a paused (or waking) sandbox. */
    Optional<SleepingPreview> sleeping(String sandboxId) {
        return Optional.ofNullable(sleeping.get(sandboxId));
    }

    /**
     * The kept preview of that sandbox and port, only when {@code secret} is its secret: the one this server kept at
     * the pause, or else the one the registry kept (a sandbox paused by another server, or by this one before a
     * restart), whose secret's hash must match.
     */
    Optional<SleepingPreview> sleeping(String sandboxId, int port, String secret) {
        SleepingPreview kept = sleeping.get(sandboxId);
        if (kept != null) {
            return kept.port() == port && MessageDigest.isEqual(kept.secret().getBytes(StandardCharsets.US_ASCII),
                    secret.getBytes(StandardCharsets.US_ASCII)) ? Optional.of(kept) : Optional.empty();
        }
        return sandboxes.findPausedPreview(sandboxId, port, secret)
                .map(paused -> sleeping.computeIfAbsent(sandboxId,
                        id -> new SleepingPreview(id, paused.ownerId(), port, secret)));
    }

    /** Forgets the kept preview of a sandbox that will not wake up (it was killed or deleted). */
    void forgetSleeping(String sandboxId) {
        sleeping.remove(sandboxId);
    }

    /** The live preview of that sandbox and port, only when {@code secret} is its secret. */
    Optional<Preview> find(String sandboxId, int port, String secret) {
        SleepingPreview waking = sleeping.get(sandboxId);
        if (waking != null && waking.phase() == SleepingPreview.Phase.WAKING) {
            // this server is starting the app again: until it answers (then add() ends the kept preview) the waking
            // page answers, rather than a relay to a port nobody listens on yet
            return Optional.empty();
        }
        Preview preview = bySandbox.get(sandboxId);
        if (preview == null || preview.port() != port || !MessageDigest.isEqual(preview.secret().getBytes(StandardCharsets.US_ASCII),
                secret.getBytes(StandardCharsets.US_ASCII))) {
            Optional<Preview> adopted = adopt(sandboxId, port, secret);
            if (adopted.isPresent()) {
                return adopted;
            }
        }
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

    /**
     * A preview another server started (or this one, before a restart): the sandbox's agent lists its app with the
     * port and the secret's hash, so the URL is checked against the sandbox itself and a relay is opened here.
     * The app stays the starting server's; this server only relays.
     */
    private Optional<Preview> adopt(String sandboxId, int port, String secret) {
        if (sleeping.containsKey(sandboxId)) {
            // waking here: its app is listed from its start, before it listens; the waking page answers until
            // the wake adds the preview (and forgets the sleeping one) once the app answers
            return Optional.empty();
        }
        Optional<Sandbox> sandbox = sandboxes.findLive(sandboxId);
        if (sandbox.isEmpty()) {
            return Optional.empty();
        }
        byte[] wanted = tag(port, secret).getBytes(StandardCharsets.US_ASCII);
        boolean running;
        try {
            running = sandbox.get().commands().stream().anyMatch(c -> c.running()
                    && MessageDigest.isEqual(c.tag().getBytes(StandardCharsets.US_ASCII), wanted));
        } catch (RuntimeException e) {
            return Optional.empty(); // the sandbox went away meanwhile
        }
        if (!running) {
            return Optional.empty();
        }
        Preview preview = new Preview(sandbox.get(), port, secret, null, new PortRelay(sandbox.get(), port));
        Preview previous = bySandbox.put(sandboxId, preview);
        if (previous != null) {
            previous.stop();
        }
        return Optional.of(preview);
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
