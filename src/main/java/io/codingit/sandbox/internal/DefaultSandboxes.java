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
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.List;

@Service
class DefaultSandboxes implements Sandboxes {
    private final SandboxProvider provider;
    private final TemplateManifest manifest;
    private final SandboxProperties properties;
    /** One lock per owner, so that concurrent creates cannot pass the per-user cap together. */
    /**
     * Serialise the count-then-create of one owner. Striped rather than one lock per owner: task sandboxes
     * have an owner per task ({@code task:<id>}), and a map of them would only grow.
     */
    private final Object[] ownerLocks = java.util.stream.Stream.generate(Object::new).limit(64).toArray();

    private final TemplatePreparations preparations;

    DefaultSandboxes(SandboxProvider provider, TemplateManifest manifest, SandboxProperties properties,
                     TemplatePreparations preparations) {
        this.provider = provider;
        this.manifest = manifest;
        this.properties = properties;
        this.preparations = preparations;
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
        synchronized (ownerLocks[Math.floorMod(ownerId.hashCode(), ownerLocks.length)]) {
            if (provider.listByOwner(ownerId).size() >= properties.maxPerUser()) {
                throw new SandboxException(Kind.RATE_LIMITED, "sandbox_limit", "You already have "
                        + properties.maxPerUser() + " live sandboxes, the most allowed per user; "
                        + "kill one (DELETE /api/sandbox/{id}) or wait until one expires");
            }
            // a SandboxUnavailableException is a domain error of its own (503 with the provider's reason)
            return provider.create(new SandboxSpec(ownerId, template.id(), properties.defaultTimeout(),
                    preparations.preparedHome(template).orElse(null), hostLoopbackPorts));
        }
    }

    @Override
    public Sandbox get(String ownerId, String sandboxId) {
        requireAvailable();
        return provider.find(sandboxId == null ? "" : sandboxId)
                .filter(s -> s.ownerId().equals(ownerId) && s.isAlive())
                .orElseThrow(() -> new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found"));
    }

    @Override
    public List<Sandbox> list(String ownerId) {
        requireAvailable();
        return provider.listByOwner(ownerId);
    }

    @Override
    public Sandbox setTimeout(String ownerId, String sandboxId, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new SandboxException(Kind.INVALID, "timeout must be positive");
        }
        if (timeout.compareTo(properties.maxTimeout()) > 0) {
            throw new SandboxException(Kind.INVALID, "timeout must be at most " + properties.maxTimeout().toSeconds() + " seconds");
        }
        Sandbox sandbox = get(ownerId, sandboxId);
        try {
            sandbox.setTimeout(timeout);
        } catch (SandboxGoneException e) {
            throw new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " not found");
        }
        return sandbox;
    }

    @Override
    public void kill(String ownerId, String sandboxId) {
        Sandbox sandbox = get(ownerId, sandboxId);
        provider.kill(sandbox.id());
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
