package io.codingit.llm;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;

import java.util.List;

/**
 * One turn of a tool-calling conversation. The messages and tools are LangChain4j's own types (as
 * {@link LlmRequest} uses its JSON schema type): the agent appends the model's {@code AiMessage} and a
 * {@code ToolExecutionResultMessage} per call, which every provider module already knows how to send.
 *
 * @param userId       whose {@code llm} budget a call on the server's key or endpoint is charged to
 * @param provider     which provider serves it
 * @param model        the provider's model name
 * @param config       the caller's key, base URL and generation parameters
 * @param systemPrompt instructions placed before the conversation
 * @param messages     the conversation so far (user, AI and tool-result messages)
 * @param tools        the tools the model may call
 */
public record ToolChatRequest(String userId, LlmProvider provider, String model, GenerationConfig config, String systemPrompt,
                              List<ChatMessage> messages, List<ToolSpecification> tools) {
    public ToolChatRequest {
        java.util.Objects.requireNonNull(userId, "userId");
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }
}
