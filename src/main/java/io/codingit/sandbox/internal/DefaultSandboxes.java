package io.codingit.sandbox.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.SandboxPauseProperties;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.TemplateReadiness;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.WebPreviews;
import io.codingit.sandbox.spi.HomeSaveException;
import io.codingit.sandbox.spi.SandboxRecord;
import io.codingit.sandbox.spi.ProviderStatus;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.sandbox.spi.SandboxSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sandboxes of users, from the registry: any server serves any sandbox by reading its row (owner,
 * template, expiry, agent endpoint and secret) and asking the provider that created it for a handle.
 * Ownership and the per-user limit are the registry's, so they hold across servers.
 */
@Service
class DefaultSandboxes implements Sandboxes, RegisteredSandbox.Registry {
    static final String KILLED_BY_OWNER = "killed by its owner";
    static final String EXPIRED = "expired";
    /** A paused sandbox kept past {@code codingit.sandbox.pause.retention}. */
    static final String DELETED_WHILE_PAUSED = "was deleted after being paused longer than it is kept";
    /** What a pause keeps and what it does not, in every answer about a pause. */
    static final String PAUSE_NOTE = "Files under /home/user are kept exactly; interpreter variables, running processes "
            + "and /tmp are not kept: a resume starts the template's processes again (the interpreter, a web template's "
            + "app) with fresh state.";
    private static final Logger log = LoggerFactory.getLogger(DefaultSandboxes.class);

    private final SandboxProvider provider;
    private final TemplateManifest manifest;
    private final SandboxProperties properties;
    private final TemplatePreparations preparations;
    private final SandboxRegistry registry;
    private final SandboxPauseProperties pauseProperties;
    private final PausedHomes homes;
    private final ObjectProvider<WebPreviews> webPreviews;
    private final Clock clock = Clock.systemUTC();
    /** Pause and resume of one sandbox go one at a time on this server (a resume waits for a pause in progress). */
    private final Map<String, ReentrantLock> transitions = new ConcurrentHashMap<>();
    /**
     * Test seam (SandboxPauseRaceTest only; never set in production): run by a pause once the home is written to its
     * partial file and before the pause is recorded, while the pause holds the sandbox's transition lock. How long a
     * real save takes depends on the machine, so a test that must have a resume arrive during the save holds the
     * save here instead of hoping a big home is slow enough.
     */
    volatile Runnable whileSaving = () -> { };

    @Override
    public String isolationLevel(String templateId) {
        return properties.isolation().levelOf(templateId);
    }

    DefaultSandboxes(SandboxProvider provider, TemplateManifest manifest, SandboxProperties properties,
                     TemplatePreparations preparations, SandboxRegistry registry, SandboxPauseProperties pauseProperties,
                     PausedHomes homes, ObjectProvider<WebPreviews> webPreviews) {
        this.provider = provider;
        this.manifest = manifest;
        this.properties = properties;
        this.preparations = preparations;
        this.registry = registry;
        this.pauseProperties = pauseProperties;
        this.homes = homes;
        this.webPreviews = webPreviews;
        // a level for a template this server does not have is a typo that would silently leave it at the server's
        List<String> unknown = properties.isolation().templates().keySet().stream()
                .filter(id -> manifest.find(id).isEmpty()).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("codingit.sandbox.isolation.templates names unknown template(s) " + unknown
                    + "; valid templates: " + String.join(", ", manifest.ids()));
        }
    }

    @Override
    public TemplateReadiness readiness(String templateId, boolean prepare) {
        SandboxTemplate template = manifest.find(templateId).orElseThrow(() -> new SandboxException(Kind.INVALID, 
                "unknown template '" + templateId + "'; valid templates: " + String.join(", ", manifest.ids())));
        if (!template.available()) {
            return new TemplateReadiness(TemplateReadiness.Status.UNAVAILABLE, null, template.unavailableReason());
        }
        String levelProblem = levelProblem(templateId);
        if (levelProblem != null) {
            return new TemplateReadiness(TemplateReadiness.Status.UNAVAILABLE, null, levelProblem);
        }
        return preparations.readiness(template, prepare);
    }

    @Override
    public List<SandboxTemplate> templates() {
        return manifest.all();
    }

    @Override
    public SandboxTemplate requireTemplate(String templateId) {
        if (templateId == null || templateId.isBlank()) {
            throw new SandboxException(Kind.INVALID, "fragment.template is required; valid templates: " + String.join(", ", manifest.ids()));
        }
        SandboxTemplate template = manifest.find(templateId).orElseThrow(() -> new SandboxException(Kind.INVALID, 
                "unknown template '" + templateId + "'; valid templates: " + String.join(", ", manifest.ids())));
        if (!template.available()) {
            throw new SandboxException(Kind.UNAVAILABLE, "template " + templateId + ": " + template.unavailableReason());
        }
        String levelProblem = levelProblem(templateId);
        if (levelProblem != null) {
            throw new SandboxException(Kind.UNAVAILABLE, levelProblem);
        }
        // the first need of a template starts its preparation; until it is ready the answer says how far it is
        TemplateReadiness readiness = preparations.readiness(template, true);
        switch (readiness.status()) {
            case READY -> {
                return template;
            }
            case UNAVAILABLE -> throw new SandboxException(Kind.UNAVAILABLE, "template " + templateId + ": " + readiness.reason());
            default -> throw new SandboxException(Kind.UNAVAILABLE, "template " + templateId + " is being prepared on this server ("
                    + readiness.reason() + "); try again shortly (GET /api/templates shows its progress)");
        }
    }

    @Override
    public Sandbox create(String ownerId, String templateId, List<Integer> hostLoopbackPorts) {
        SandboxTemplate template = requireTemplate(templateId);
        requireAvailable();
        Instant now = clock.instant();
        String reservation = SandboxRegistry.reservationId();
        if (!registry.reserve(reservation, ownerId, template.id(), provider.name(), now.plus(properties.defaultTimeout()),
                now, properties.maxPerUser())) {
            throw new SandboxException(Kind.RATE_LIMITED, "sandbox_limit", "You already have "
                    + properties.maxPerUser() + " live sandboxes, the most allowed per user; "
                    + "paused ones count too; kill one (DELETE /api/sandbox/{sbxId}) or wait until one expires");
        }
        Sandbox created;
        try {
            // a SandboxUnavailableException is a domain error of its own (503 with the provider's reason)
            created = provider.create(new SandboxSpec(ownerId, template.id(), properties.defaultTimeout(),
                    preparations.preparedHome(template).orElse(null), hostLoopbackPorts));
        } catch (RuntimeException e) {
            registry.delete(reservation);
            throw e;
        }
        try {
            registry.register(reservation, created.id(), created.agent(), created.createdAt());
        } catch (RuntimeException e) {
            provider.kill(created.id());
            registry.delete(reservation);
            throw e;
        }
        SandboxRegistry.Entry entry = registry.find(created.id()).orElseThrow();
        return new RegisteredSandbox(entry, this, () -> created);
    }

    @Override
    public Sandbox get(String ownerId, String sandboxId) {
        requireAvailable();
        awaitTransition(sandboxId);
        SandboxRegistry.Entry entry = owned(ownerId, sandboxId);
        if (entry.state() == SandboxState.PAUSED) {
            RegisteredSandbox resumed = resume(entry);
            announceResumed();
            return resumed;
        }
        RegisteredSandbox sandbox = new RegisteredSandbox(entry, this, () -> attach(entry));
        try {
            sandbox.handle();
        } catch (SandboxGoneException e) {
            gone(sandbox, e);
            throw e;
        }
        registry.touch(entry, clock.instant());
        return sandbox;
    }

    @Override
    public java.util.Optional<Sandbox> findLive(String sandboxId) {
        if (sandboxId == null || sandboxId.isBlank() || !status().available()) {
            return java.util.Optional.empty();
        }
        // only a running one: a paused sandbox is never resumed by an unauthenticated lookup (its preview wakes it
        // through the URL it kept, docs/preview.md)
        return registry.find(sandboxId).filter(entry -> entry.state() == SandboxState.RUNNING).flatMap(entry -> {
            try {
                return java.util.Optional.of(get(entry.ownerId(), sandboxId));
            } catch (io.codingit.common.DomainException e) {
                return java.util.Optional.empty(); // killed, gone, expired, starting: no sandbox to serve
            }
        });
    }

    @Override
    public java.util.Optional<Sandbox> findPausedPreview(String sandboxId, int port, String secret) {
        if (sandboxId == null || sandboxId.isBlank() || secret == null || !status().available()) {
            return java.util.Optional.empty();
        }
        try {
            return registry.find(sandboxId)
                    .filter(entry -> entry.state() == SandboxState.PAUSED && entry.expiresAt().isAfter(clock.instant()))
                    .filter(entry -> entry.keptPreview() != null && entry.keptPreview().matches(port, secret))
                    .map(entry -> new RegisteredSandbox(entry, this, () -> attachOrResume(entry)));
        } catch (RuntimeException e) {
            log.warn("Sandbox {}: its kept preview could not be looked up: {}", sandboxId, e.toString());
            return java.util.Optional.empty();
        }
    }

    /**
     * The owner's live registry row, or 404 (another user's sandbox is not found either). A killed sandbox
     * answers 404 when it ended normally (its owner killed it, it expired) and 410 with the reason when it died.
     */
    private SandboxRegistry.Entry owned(String ownerId, String sandboxId) {
        SandboxRegistry.Entry entry = (sandboxId == null || sandboxId.isBlank() ? java.util.Optional.<SandboxRegistry.Entry>empty()
                : registry.find(sandboxId))
                .filter(e -> e.ownerId().equals(ownerId))
                .orElseThrow(() -> notFound(sandboxId));
        if (entry.state() == SandboxState.KILLED) {
            if (KILLED_BY_OWNER.equals(entry.stateReason()) || EXPIRED.equals(entry.stateReason())
                    || DELETED_WHILE_PAUSED.equals(entry.stateReason())) {
                throw new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found (it " + entry.stateReason() + ")");
            }
            throw new SandboxGoneException(sandboxId, entry.stateReason());
        }
        if (entry.state() == SandboxState.PAUSED) {
            if (!entry.expiresAt().isAfter(clock.instant())) {
                end(entry, DELETED_WHILE_PAUSED);
                throw new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found (it " + DELETED_WHILE_PAUSED + ")");
            }
            return entry;
        }
        if (entry.starting()) {
            throw new SandboxException(Kind.UNAVAILABLE, "sandbox " + sandboxId + " is still starting; try again shortly");
        }
        if (!entry.expiresAt().isAfter(clock.instant())) {
            timedOut(entry);
            SandboxRegistry.Entry now = registry.find(sandboxId).orElseThrow(() -> notFound(sandboxId));
            if (now.state() == SandboxState.PAUSED) {
                return now;
            }
            throw new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found (it expired)");
        }
        return entry;
    }

    @Override
    public Sandbox describe(String ownerId, String sandboxId) {
        requireAvailable();
        SandboxRegistry.Entry entry = owned(ownerId, sandboxId);
        if (entry.state() == SandboxState.PAUSED) {
            return new RegisteredSandbox(entry, this, () -> attachOrResume(entry));
        }
        // a running one is reached as by get (a gone one answers 410, an unreachable one 503)
        return get(ownerId, sandboxId);
    }

    /** A handle for a row read earlier: a paused sandbox is resumed at its first use. */
    private Sandbox attachOrResume(SandboxRegistry.Entry entry) {
        if (entry.state() == SandboxState.PAUSED) {
            Sandbox handle = resume(entry).handle();
            announceResumed();
            return handle;
        }
        return attach(entry);
    }

    @Override
    public Sandbox pause(String ownerId, String sandboxId) {
        requireAvailable();
        return new RegisteredSandbox(pause(owned(ownerId, sandboxId), PauseCause.OWNER, "paused by its owner"), this, () -> {
            throw new SandboxException(Kind.CONFLICT, "sandbox " + sandboxId + " is paused");
        });
    }

    @Override
    public Sandbox resume(String ownerId, String sandboxId) {
        requireAvailable();
        // a pause in progress on this server is waited for: the resume then finds the sandbox paused
        ReentrantLock lock = sandboxId == null ? null : transitions.computeIfAbsent(sandboxId, k -> new ReentrantLock());
        boolean waited = lock != null && lock.isLocked() && !lock.isHeldByCurrentThread();
        if (lock != null) {
            lock.lock();
        }
        try {
            SandboxRegistry.Entry entry = owned(ownerId, sandboxId);
            if (waited && entry.state() == SandboxState.RUNNING && !entry.starting()) {
                // it was paused and, while this call waited, resumed by another use of it: what was asked is done
                RegisteredSandbox running = new RegisteredSandbox(entry, this, () -> attach(entry));
                running.handle();
                return running;
            }
            if (entry.state() != SandboxState.PAUSED) {
                throw new SandboxException(Kind.CONFLICT, "not_paused", "sandbox " + sandboxId
                        + " is running, not paused; only a paused sandbox can be resumed");
            }
            return resume(entry);
        } finally {
            if (lock != null) {
                lock.unlock();
            }
        }
    }

    /** How many calls wait for a pause or resume of the sandbox in progress on this server (SandboxPauseRaceTest). */
    int waitingForTransition(String sandboxId) {
        ReentrantLock lock = transitions.get(sandboxId);
        return lock == null ? 0 : lock.getQueueLength();
    }

    /**
     * Waits for a pause or resume of the sandbox in progress on this server, so that a request that arrives meanwhile
     * reads the row it leaves (a paused sandbox is then resumed) instead of reaching processes held for the pause.
     */
    private void awaitTransition(String sandboxId) {
        ReentrantLock lock = sandboxId == null ? null : transitions.get(sandboxId);
        if (lock != null && lock.isLocked() && !lock.isHeldByCurrentThread()) {
            lock.lock();
            lock.unlock();
        }
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
        ReentrantLock lock = transitions.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            SandboxRegistry.Entry entry = registry.find(id).orElseThrow(() -> notFound(id));
            if (entry.state() == SandboxState.PAUSED) {
                throw new SandboxException(Kind.CONFLICT, "already_paused", "sandbox " + id + " is already paused (since "
                        + entry.pausedAt() + "); using it resumes it, or POST /api/sandbox/" + id + "/resume");
            }
            if (entry.state() != SandboxState.RUNNING) {
                throw notFound(id);
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
                    keptPreview = previews.paused(new RegisteredSandbox(entry, withoutGoneReports(), () -> attach(entry)))
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
            destroyQuietly(entry);
            log.info("Sandbox {} of {} was paused: {} ({} bytes kept)", id, entry.ownerId(), recorded, saved.bytes());
            return registry.find(id).orElseThrow(() -> notFound(id));
        } finally {
            lock.unlock();
        }
    }

    /** This registry, except that a handle's "gone" is not acted on (the caller decides what becomes of the row). */
    private RegisteredSandbox.Registry withoutGoneReports() {
        DefaultSandboxes registry = this;
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

    /**
     * Resumes a paused sandbox under its id: checks the saved home's checksum, has the provider start it with the
     * home restored, records where its new agent answers, deletes the saved home, and starts the template's app
     * again (a web template's, in the background). A resume that finds the sandbox already running (another request
     * resumed it meanwhile) hands that one out.
     */
    RegisteredSandbox resume(SandboxRegistry.Entry given) {
        String id = given.id();
        ReentrantLock lock = transitions.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            SandboxRegistry.Entry entry = registry.find(id).orElseThrow(() -> notFound(id));
            if (entry.state() == SandboxState.RUNNING && !entry.starting()) {
                RegisteredSandbox running = new RegisteredSandbox(entry, this, () -> attach(entry));
                running.handle();
                return running;
            }
            if (entry.state() != SandboxState.PAUSED) {
                throw notFound(id);
            }
            if (!homes.intact(id, entry.homeSha256())) {
                throw new SandboxException(Kind.CONFLICT, "paused_home_damaged", "the saved home of sandbox " + id
                        + " is damaged (missing, or its checksum does not match the one recorded at the pause), so it "
                        + "cannot be resumed; nothing was changed. Kill it (DELETE /api/sandbox/" + id + ") to free its disk");
            }
            SandboxTemplate template = requireTemplate(entry.templateId());
            Sandbox started = provider.resume(new SandboxSpec(entry.ownerId(), template.id(), properties.defaultTimeout(),
                    preparations.preparedHome(template).orElse(null)), id, homes.saved(id));
            Instant now = clock.instant();
            if (!registry.markResumed(id, started.agent(), now, now.plus(properties.defaultTimeout()))) {
                provider.kill(id);
                throw notFound(id);
            }
            homes.delete(id);
            SandboxRegistry.Entry resumed = registry.find(id).orElseThrow(() -> notFound(id));
            RegisteredSandbox sandbox = new RegisteredSandbox(resumed, this, () -> started);
            log.info("Sandbox {} of {} was resumed", id, entry.ownerId());
            WebPreviews previews = webPreviews.getIfAvailable();
            if (previews != null && template.port() != null) {
                previews.resumed(sandbox, template, entry.keptPreview());
            }
            return sandbox;
        } finally {
            lock.unlock();
        }
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
                pause(entry, PauseCause.TIMEOUT, "paused when its time ran out");
                return true;
            } catch (SandboxException | HomeSaveException e) {
                if (registry.find(entry.id()).map(SandboxRegistry.Entry::state).orElse(SandboxState.KILLED) != SandboxState.RUNNING) {
                    return false;
                }
                log.info("Sandbox {} of {}: its time ran out and it could not be paused: {}", entry.id(), entry.ownerId(),
                        e.getMessage());
                return end(entry, "its time ran out and its home could not be kept: " + e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Sandbox {}: pausing it at its timeout failed: {}", entry.id(), e.toString());
                return end(entry, "its time ran out and its home could not be kept");
            }
        }
        return end(entry, EXPIRED);
    }

    /** Tells the HTTP answer of the current request, if any, that a sandbox was resumed on its way. */
    private static void announceResumed() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getResponse() != null && !attributes.getResponse().isCommitted()) {
            attributes.getResponse().setHeader(RESUMED_HEADER, "true");
        }
    }

    /** The provider's handle on a registered sandbox, whichever server created it. */
    private Sandbox attach(SandboxRegistry.Entry entry) {
        if (!entry.provider().equals(provider.name())) {
            throw new SandboxException(Kind.UNAVAILABLE, "sandbox " + entry.id() + " runs on the " + entry.provider()
                    + " provider, which this server is not configured with");
        }
        return provider.attach(registry.record(entry));
    }

    private static SandboxException notFound(String sandboxId) {
        return new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found");
    }

    @Override
    public List<Sandbox> list(String ownerId) {
        requireAvailable();
        Instant now = clock.instant();
        return registry.listLive(ownerId).stream()
                .filter(e -> !e.starting() && e.expiresAt().isAfter(now))
                .map(e -> (Sandbox) new RegisteredSandbox(e, this, () -> attachOrResume(e)))
                .toList();
    }

    @Override
    public Sandbox setTimeout(String ownerId, String sandboxId, Duration timeout) {
        requireAvailable();
        // the registry alone: no need to reach the sandbox's agent to move its expiry
        SandboxRegistry.Entry entry = owned(ownerId, sandboxId);
        if (entry.state() == SandboxState.PAUSED) {
            // using a paused sandbox resumes it; its expiry then runs from the resume
            RegisteredSandbox resumed = resume(entry);
            announceResumed();
            resumed.setTimeout(timeout);
            return resumed;
        }
        Sandbox sandbox = new RegisteredSandbox(entry, this, () -> attach(entry));
        sandbox.setTimeout(timeout);
        return sandbox;
    }

    @Override
    public Instant extend(RegisteredSandbox sandbox, Duration timeout) {
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

    @Override
    public void kill(String ownerId, String sandboxId) {
        end(owned(ownerId, sandboxId), KILLED_BY_OWNER);
    }

    @Override
    public void kill(RegisteredSandbox sandbox) {
        end(sandbox.entry(), KILLED_BY_OWNER);
    }

    @Override
    public void kill(RegisteredSandbox sandbox, String reason) {
        end(sandbox.entry(), reason);
    }

    /**
     * A call that failed because its sandbox was paused while it ran (its processes were held, then ended with the
     * pause) is not a gone sandbox: 409 saying so, and that sending it again resumes the sandbox.
     */
    @Override
    public RuntimeException goneDuring(RegisteredSandbox sandbox, SandboxGoneException e) {
        gone(sandbox, e);
        if (sandbox.entry().state() == SandboxState.RUNNING && registry.find(sandbox.id())
                .map(now -> now.state() == SandboxState.PAUSED).orElse(false)) {
            return new SandboxException(Kind.CONFLICT, "sandbox_paused", "sandbox " + sandbox.id() + " was paused while "
                    + "this request ran, so it was not completed; send it again: using a paused sandbox resumes it");
        }
        return e;
    }

    @Override
    public void gone(RegisteredSandbox sandbox, SandboxGoneException e) {
        if (onUnrecoverable(sandbox.entry(), e.reason())) {
            log.info("Sandbox {} of {} is gone: {}", sandbox.id(), sandbox.ownerId(), e.reason());
        }
    }

    /**
     * The one place that decides what becomes of a registered sandbox its provider cannot keep while servers run
     * (its agent died or does not answer with its secret, its processes or pod vanished): a {@code running} row is
     * marked killed with the reason, only if it is still the incarnation the caller saw (a sandbox resumed since
     * has a new agent secret, and a stale handle must not end it), and whatever is left of it is destroyed; a
     * {@code paused} row is left as it is, with its home on disk. At start-up {@link #onUnrecoverableAtStart}
     * decides instead.
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
        destroyQuietly(entry);
        return true;
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
            return end(entry, reason + "; its home could not be kept (" + e.getMessage() + ")");
        }
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
        destroyQuietly(entry);
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

    private void destroyQuietly(SandboxRegistry.Entry entry) {
        try {
            if (entry.starting()) {
                return;
            }
            if (!entry.provider().equals(provider.name())) {
                log.warn("Sandbox {} belongs to provider {}, which this server does not run; it was marked killed only",
                        entry.id(), entry.provider());
                return;
            }
            provider.destroy(registry.record(entry));
        } catch (RuntimeException e) {
            log.warn("Sandbox {} could not be destroyed now ({}); reconciliation removes it later", entry.id(), e.getMessage());
        }
    }

    @Override
    public ProviderStatus status() {
        return provider.status();
    }

    /**
     * Why the template's isolation level cannot run here while the server's sandboxes otherwise can (a template
     * at {@code gvisor} without runsc), else null; when nothing can run, {@link #requireAvailable} says why.
     */
    private String levelProblem(String templateId) {
        return provider.status().available() ? provider.unavailableReason(templateId) : null;
    }

    private void requireAvailable() {
        ProviderStatus status = provider.status();
        if (!status.available()) {
            throw new SandboxException(Kind.UNAVAILABLE, "Sandboxes are not available on this server: " + status.unavailableReason());
        }
    }
}
