package io.codingit.sandbox.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.TemplateReadiness;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.ProviderStatus;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.sandbox.spi.SandboxSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The sandboxes of users, from the registry: any server serves any sandbox by reading its row (owner,
 * template, expiry, agent endpoint and secret) and asking the provider that created it for a handle.
 * Ownership and the per-user limit are the registry's, so they hold across servers.
 */
@Service
class DefaultSandboxes implements Sandboxes, RegisteredSandbox.Registry {
    static final String KILLED_BY_OWNER = "killed by its owner";
    static final String EXPIRED = "expired";
    private static final Logger log = LoggerFactory.getLogger(DefaultSandboxes.class);

    private final SandboxProvider provider;
    private final TemplateManifest manifest;
    private final SandboxProperties properties;
    private final TemplatePreparations preparations;
    private final SandboxRegistry registry;
    private final Clock clock = Clock.systemUTC();

    @Override
    public String isolationLevel(String templateId) {
        return properties.isolation().level();
    }

    DefaultSandboxes(SandboxProvider provider, TemplateManifest manifest, SandboxProperties properties,
                     TemplatePreparations preparations, SandboxRegistry registry) {
        this.provider = provider;
        this.manifest = manifest;
        this.properties = properties;
        this.preparations = preparations;
        this.registry = registry;
    }

    @Override
    public TemplateReadiness readiness(String templateId, boolean prepare) {
        SandboxTemplate template = manifest.find(templateId).orElseThrow(() -> new SandboxException(Kind.INVALID, 
                "unknown template '" + templateId + "'; valid templates: " + String.join(", ", manifest.ids())));
        if (!template.available()) {
            return new TemplateReadiness(TemplateReadiness.Status.UNAVAILABLE, null, template.unavailableReason());
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
                    + "kill one (DELETE /api/sandbox/{sbxId}) or wait until one expires");
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
        SandboxRegistry.Entry entry = owned(ownerId, sandboxId);
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
            if (KILLED_BY_OWNER.equals(entry.stateReason()) || EXPIRED.equals(entry.stateReason())) {
                throw new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found (it " + entry.stateReason() + ")");
            }
            throw new SandboxGoneException(sandboxId, entry.stateReason());
        }
        if (entry.starting()) {
            throw new SandboxException(Kind.UNAVAILABLE, "sandbox " + sandboxId + " is still starting; try again shortly");
        }
        if (!entry.expiresAt().isAfter(clock.instant())) {
            end(entry, EXPIRED);
            throw new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found (it expired)");
        }
        return entry;
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
                .map(e -> (Sandbox) new RegisteredSandbox(e, this, () -> attach(e)))
                .toList();
    }

    @Override
    public Sandbox setTimeout(String ownerId, String sandboxId, Duration timeout) {
        requireAvailable();
        // the registry alone: no need to reach the sandbox's agent to move its expiry
        SandboxRegistry.Entry entry = owned(ownerId, sandboxId);
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

    @Override
    public void gone(RegisteredSandbox sandbox, SandboxGoneException e) {
        if (onUnrecoverable(sandbox.entry(), e.reason())) {
            log.info("Sandbox {} of {} is gone: {}", sandbox.id(), sandbox.ownerId(), e.reason());
        }
    }

    /**
     * The one place that decides what becomes of a registered sandbox its provider cannot keep (its agent died or
     * does not answer with its secret, its processes or pod vanished, at start-up reconciliation or on a request).
     * Today: a {@code running} row is marked killed with the reason and whatever is left of the sandbox is
     * destroyed; a {@code paused} row is left as it is, with its home on disk (pause and resume, issue 18, resumes
     * it from there, and may turn "cannot keep" into "paused" here).
     *
     * @return whether this call ended the row
     */
    boolean onUnrecoverable(SandboxRegistry.Entry entry, String reason) {
        if (entry.state() == SandboxState.PAUSED) {
            log.info("Sandbox {} is paused and its processes are gone ({}); its row and home are kept", entry.id(), reason);
            return false;
        }
        return end(entry, reason);
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
        destroyQuietly(entry);
        return true;
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

    private void requireAvailable() {
        ProviderStatus status = provider.status();
        if (!status.available()) {
            throw new SandboxException(Kind.UNAVAILABLE, "Sandboxes are not available on this server: " + status.unavailableReason());
        }
    }
}
