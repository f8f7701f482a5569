package io.codingit.sandbox.internal;

import io.codingit.sandbox.SandboxTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The templates of {@code io/codingit/sandbox/templates.json}: the contract's five ids. */
@Component
class TemplateManifest {
    private final List<SandboxTemplate> templates;

    TemplateManifest() {
        this(read());
    }

    /**
     * A manifest of other templates. Production has only the one above; tests add a template of their own kind
     * (a pip template whose package their local index serves) to the real ones, since the real pip templates'
     * packages cannot be installed on a machine without the Python package index.
     */
    TemplateManifest(List<SandboxTemplate> templates) {
        this.templates = List.copyOf(templates);
    }

    private static List<SandboxTemplate> read() {
        try (InputStream in = TemplateManifest.class.getResourceAsStream("/io/codingit/sandbox/templates.json")) {
            if (in == null) {
                throw new IllegalStateException("templates.json is missing from the classpath");
            }
            return JsonMapper.builder().build().readValue(in, new TypeReference<List<SandboxTemplate>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<SandboxTemplate> all() {
        return templates;
    }

    Optional<SandboxTemplate> find(String id) {
        return templates.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    List<String> ids() {
        return templates.stream().map(SandboxTemplate::id).toList();
    }
}
