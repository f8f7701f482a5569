package io.codingit.chat;

import java.util.List;
import java.util.Optional;

/** The template catalog the chat prompt is built from. */
public interface ChatTemplates {
    List<ChatTemplate> all();

    Optional<ChatTemplate> find(String id);
}
