package io.codingit.sandbox.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.SandboxPauseProperties;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.TemplateReadiness;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.WebPreviews;
import io.codingit.sandbox.spi.ProviderStatus;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.sandbox.spi.SandboxSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The sandboxes of users, from the registry: any server serves any sandbox by reading its row (owner,
 * template, expiry, agent endpoint and secret) and asking the provider that created it for a handle.
 * Ownership and the per-user limit are the registry's, so they hold across servers.
 * <p>
 * This class creates, finds and lists sandboxes and hands out their handles; the rest it delegates to plain objects
 * it makes (not beans, so the context's beans are the same): {@link TemplateAvailability} (templates and whether this
 * server can run them), {@link OwnedRows} (an owner's row as a request may use it), {@link SandboxPauses} and
 * {@link SandboxResumes} (one at a time per sandbox through {@link TransitionLocks}), {@link SandboxExpiries}
 * (extending, and what happens at the expiry), {@link SandboxEnds} (kills, gone sandboxes, saved homes deleted) and
 * {@link ProviderRows} (the provider's attach and destroy of a row).
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
    private final SandboxProperties properties;
    private final TemplatePreparations preparations;
    private final SandboxRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final TemplateAvailability templates;
    private final TransitionLocks transitions = new TransitionLocks();
    private final ProviderRows rows;
    private final SandboxEnds ends;
    /** Package-private for SandboxPauseRaceTest, which holds a pause at {@link SandboxPauses#whileSaving}. */
    final SandboxPauses pauses;
    private final SandboxExpiries expiries;
    private final OwnedRows owned;
    private final SandboxResumes resumes;

    DefaultSandboxes(SandboxProvider provider, TemplateManifest manifest, SandboxProperties properties,
                     TemplatePreparations preparations, SandboxRegistry registry, SandboxPauseProperties pauseProperties,
                     PausedHomes homes, ObjectProvider<WebPreviews> webPreviews) {
        this.provider = provider;
        this.properties = properties;
        this.preparations = preparations;
        this.registry = registry;
        this.templates = new TemplateAvailability(provider, manifest, properties, preparations);
        this.rows = new ProviderRows(provider, registry);
        this.ends = new SandboxEnds(registry, homes, rows, clock);
        // the handles they hand out report to this object (extend, gone, kill), as those this class hands out do
        this.pauses = new SandboxPauses(provider, registry, pauseProperties, homes, webPreviews, transitions, rows, ends,
                this, clock);
        this.expiries = new SandboxExpiries(provider, registry, properties, pauseProperties, pauses, ends, clock);
        this.owned = new OwnedRows(registry, ends, expiries, clock);
        this.resumes = new SandboxResumes(provider, registry, properties, preparations, homes, webPreviews, transitions,
                templates, rows, owned, this, clock);
    }

    @Override
    public String isolationLevel(String templateId) {
        return templates.isolationLevel(templateId);
    }

    @Override
    public TemplateReadiness readiness(String templateId, boolean prepare) {
        return templates.readiness(templateId, prepare);
    }

    @Override
    public List<SandboxTemplate> templates() {
        return templates.templates();
    }

    @Override
    public SandboxTemplate requireTemplate(String templateId) {
        return templates.requireTemplate(templateId);
    }

    @Override
    public Sandbox create(String ownerId, String templateId, List<Integer> hostLoopbackPorts) {
        SandboxTemplate template = requireTemplate(templateId);
        templates.requireAvailable();
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
        templates.requireAvailable();
        transitions.await(sandboxId);
        SandboxRegistry.Entry entry = owned.owned(ownerId, sandboxId);
        if (entry.state() == SandboxState.PAUSED) {
            RegisteredSandbox resumed = resumes.resume(entry);
            SandboxResumes.announceResumed();
            return resumed;
        }
        RegisteredSandbox sandbox = new RegisteredSandbox(entry, this, () -> rows.attach(entry));
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
                    .map(entry -> new RegisteredSandbox(entry, this, () -> resumes.attachOrResume(entry)));
        } catch (RuntimeException e) {
            log.warn("Sandbox {}: its kept preview could not be looked up: {}", sandboxId, e.toString());
            return java.util.Optional.empty();
        }
    }

    @Override
    public Sandbox describe(String ownerId, String sandboxId) {
        templates.requireAvailable();
        SandboxRegistry.Entry entry = owned.owned(ownerId, sandboxId);
        if (entry.state() == SandboxState.PAUSED) {
            return new RegisteredSandbox(entry, this, () -> resumes.attachOrResume(entry));
        }
        // a running one is reached as by get (a gone one answers 410, an unreachable one 503)
        return get(ownerId, sandboxId);
    }

    @Override
    public Sandbox pause(String ownerId, String sandboxId) {
        templates.requireAvailable();
        return new RegisteredSandbox(pauses.pause(owned.owned(ownerId, sandboxId), SandboxPauses.PauseCause.OWNER,
                "paused by its owner"), this, () -> {
            throw new SandboxException(Kind.CONFLICT, "sandbox " + sandboxId + " is paused");
        });
    }

    @Override
    public Sandbox resume(String ownerId, String sandboxId) {
        templates.requireAvailable();
        return resumes.resume(ownerId, sandboxId);
    }

    /** How many calls wait for a pause or resume of the sandbox in progress on this server (SandboxPauseRaceTest). */
    int waitingForTransition(String sandboxId) {
        return transitions.waiting(sandboxId);
    }

    /** For the reaper: {@link SandboxExpiries#timedOut}. */
    boolean timedOut(SandboxRegistry.Entry entry) {
        return expiries.timedOut(entry);
    }

    @Override
    public List<Sandbox> list(String ownerId) {
        templates.requireAvailable();
        Instant now = clock.instant();
        return registry.listLive(ownerId).stream()
                .filter(e -> !e.starting() && e.expiresAt().isAfter(now))
                .map(e -> (Sandbox) new RegisteredSandbox(e, this, () -> resumes.attachOrResume(e)))
                .toList();
    }

    @Override
    public Sandbox setTimeout(String ownerId, String sandboxId, Duration timeout) {
        templates.requireAvailable();
        // the registry alone: no need to reach the sandbox's agent to move its expiry
        SandboxRegistry.Entry entry = owned.owned(ownerId, sandboxId);
        if (entry.state() == SandboxState.PAUSED) {
            // using a paused sandbox resumes it; its expiry then runs from the resume
            RegisteredSandbox resumed = resumes.resume(entry);
            SandboxResumes.announceResumed();
            resumed.setTimeout(timeout);
            return resumed;
        }
        Sandbox sandbox = new RegisteredSandbox(entry, this, () -> rows.attach(entry));
        sandbox.setTimeout(timeout);
        return sandbox;
    }

    @Override
    public Instant extend(RegisteredSandbox sandbox, Duration timeout) {
        return expiries.extend(sandbox, timeout);
    }

    @Override
    public void kill(String ownerId, String sandboxId) {
        ends.end(owned.owned(ownerId, sandboxId), KILLED_BY_OWNER);
    }

    @Override
    public void kill(RegisteredSandbox sandbox) {
        ends.end(sandbox.entry(), KILLED_BY_OWNER);
    }

    @Override
    public void kill(RegisteredSandbox sandbox, String reason) {
        ends.end(sandbox.entry(), reason);
    }

    /** Asked of the row, so that a kill requested through any server counts (it is recorded before it stops anything). */
    @Override
    public boolean endedOnRequest(RegisteredSandbox sandbox) {
        return registry.endedOnRequest(sandbox.entry());
    }

    /** {@link SandboxEnds#goneDuring}: a sandbox paused while the call ran answers 409, not 410. */
    @Override
    public RuntimeException goneDuring(RegisteredSandbox sandbox, SandboxGoneException e) {
        return ends.goneDuring(sandbox, e);
    }

    @Override
    public void gone(RegisteredSandbox sandbox, SandboxGoneException e) {
        ends.gone(sandbox, e);
    }

    /** For the reaper: {@link SandboxEnds#onUnrecoverable}, the one decision point while servers run. */
    boolean onUnrecoverable(SandboxRegistry.Entry entry, String reason) {
        return ends.onUnrecoverable(entry, reason);
    }

    /** For the reaper's reconciliation: {@link SandboxPauses#onUnrecoverableAtStart}. */
    boolean onUnrecoverableAtStart(SandboxRegistry.Entry entry, String reason) {
        return pauses.onUnrecoverableAtStart(entry, reason);
    }

    /** For the reaper: {@link SandboxEnds#end}. */
    boolean end(SandboxRegistry.Entry entry, String reason) {
        return ends.end(entry, reason);
    }

    @Override
    public ProviderStatus status() {
        return provider.status();
    }
}
