package io.codingit.chat.internal;

import io.codingit.chat.ChatTemplate;
import io.codingit.chat.ChatTemplates;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.TemplateReadiness;
import io.codingit.sandbox.Sandboxes;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox feature's templates (id, name, file, libraries, port, readiness: one manifest for
 * both features) with the prompt instructions the chat adds from
 * {@code io/codingit/chat/template-instructions.json}.
 */
@Component
class SandboxChatTemplates implements ChatTemplates {
    private static final String INSTRUCTIONS = "/io/codingit/chat/template-instructions.json";

    private final Sandboxes sandboxes;
    private final Map<String, String> instructions;

    SandboxChatTemplates(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
        try (InputStream in = SandboxChatTemplates.class.getResourceAsStream(INSTRUCTIONS)) {
            if (in == null) {
                throw new IllegalStateException(INSTRUCTIONS + " is missing from the classpath");
            }
            instructions = Map.copyOf(JsonMapper.builder().build().readValue(in, new TypeReference<Map<String, String>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<ChatTemplate> all() {
        return sandboxes.templates().stream().map(this::toChat).toList();
    }

    @Override
    public Optional<ChatTemplate> find(String id) {
        return all().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private ChatTemplate toChat(SandboxTemplate t) {
        TemplateReadiness readiness = TemplateStates.cleaned(sandboxes.readiness(t.id(), false));
        return new ChatTemplate(t.id(), t.name(), t.libraries(), t.defaultFile(),
                instructions.getOrDefault(t.id(), t.name()), t.port(), readiness.isReady(), readiness,
                TemplateStates.describe(t, readiness), sandboxes.isolationLevel(t.id()));
    }
}
