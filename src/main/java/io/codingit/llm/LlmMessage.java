package io.codingit.llm;

import java.util.List;

/** One message of a conversation: a role and its parts (text, and images for user messages). */
public record LlmMessage(Role role, List<Part> parts) {
    public enum Role { USER, ASSISTANT, SYSTEM }

    public LlmMessage {
        parts = List.copyOf(parts);
    }

    public static LlmMessage text(Role role, String text) {
        return new LlmMessage(role, List.of(new Text(text)));
    }

    public sealed interface Part permits Text, Image {
    }

    public record Text(String text) implements Part {
    }

    /** An image as an {@code https:} URL or a {@code data:image/...;base64,} URL. */
    public record Image(String url) implements Part {
    }
}
