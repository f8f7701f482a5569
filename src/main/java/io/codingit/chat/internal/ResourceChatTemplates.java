package io.codingit.chat.internal;

import io.codingit.chat.ChatTemplate;
import io.codingit.chat.ChatTemplates;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The contract's five templates from {@code io/codingit/chat/templates.json}. */
@Component
class ResourceChatTemplates implements ChatTemplates {
    private static final String RESOURCE = "/io/codingit/chat/templates.json";
    private final List<ChatTemplate> templates;

    ResourceChatTemplates() {
        try (InputStream in = ResourceChatTemplates.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            templates = List.copyOf(JsonMapper.builder().build().readValue(in, new TypeReference<List<ChatTemplate>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<ChatTemplate> all() {
        return templates;
    }

    @Override
    public Optional<ChatTemplate> find(String id) {
        return templates.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
