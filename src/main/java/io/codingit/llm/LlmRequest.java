package io.codingit.llm;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.List;

/**
 * One streaming generation.
 *
 * @param userId         whose {@code llm} budget a call on the server's key or endpoint is charged to
 *                       (one unit per model call; see docs/security.md)
 * @param provider       which provider serves it
 * @param model          the provider's model name
 * @param config         the caller's key, base URL and generation parameters
 * @param systemPrompt   instructions placed before the conversation
 * @param messages       the conversation
 * @param responseSchema the JSON object the answer must be; requested through the provider's
 *                       structured-output mode where it has one (the prompt should describe it too)
 */
public record LlmRequest(String userId, LlmProvider provider, String model, GenerationConfig config, String systemPrompt,
                         List<LlmMessage> messages, JsonObjectSchema responseSchema) {
    public LlmRequest {
        java.util.Objects.requireNonNull(userId, "userId");
        messages = List.copyOf(messages);
    }
}
