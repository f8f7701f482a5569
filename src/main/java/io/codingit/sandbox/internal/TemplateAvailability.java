package io.codingit.sandbox.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.TemplateReadiness;
import io.codingit.sandbox.spi.ProviderStatus;
import io.codingit.sandbox.spi.SandboxProvider;

import java.util.List;

/**
 * Which templates this server can run sandboxes of now, and whether it can run any: the manifest's templates, the
 * isolation level of each, whether the provider can run that level here, and whether the template's home is prepared.
 */
final class TemplateAvailability {
    private final SandboxProvider provider;
    private final TemplateManifest manifest;
    private final SandboxProperties properties;
    private final TemplatePreparations preparations;

    /** @throws IllegalStateException when {@code codingit.sandbox.isolation.templates} names a template the manifest lacks */
    TemplateAvailability(SandboxProvider provider, TemplateManifest manifest, SandboxProperties properties,
                         TemplatePreparations preparations) {
        this.provider = provider;
        this.manifest = manifest;
        this.properties = properties;
        this.preparations = preparations;
        // a level for a template this server does not have is a typo that would silently leave it at the server's
        List<String> unknown = properties.isolation().templates().keySet().stream()
                .filter(id -> manifest.find(id).isEmpty()).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("codingit.sandbox.isolation.templates names unknown template(s) " + unknown
                    + "; valid templates: " + String.join(", ", manifest.ids()));
        }
    }

    String isolationLevel(String templateId) {
        return properties.isolation().levelOf(templateId);
    }

    TemplateReadiness readiness(String templateId, boolean prepare) {
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

    List<SandboxTemplate> templates() {
        return manifest.all();
    }

    /** The template, or 400 naming the valid ids; 503 when this server cannot run it or its home is not prepared yet. */
    SandboxTemplate requireTemplate(String templateId) {
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

    /**
     * Why the template's isolation level cannot run here while the server's sandboxes otherwise can (a template
     * at {@code gvisor} without runsc), else null; when nothing can run, {@link #requireAvailable} says why.
     */
    private String levelProblem(String templateId) {
        return provider.status().available() ? provider.unavailableReason(templateId) : null;
    }

    /** 503 saying why when this server cannot run sandboxes at all. */
    void requireAvailable() {
        ProviderStatus status = provider.status();
        if (!status.available()) {
            throw new SandboxException(Kind.UNAVAILABLE, "Sandboxes are not available on this server: " + status.unavailableReason());
        }
    }
}
