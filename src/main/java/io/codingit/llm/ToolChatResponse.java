package io.codingit.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;

import java.util.List;

/**
 * The model's answer to one turn: text, tool calls, or both.
 *
 * @param message the message to append to the conversation before the tool results
 * @param usage   token counts as reported (fields may be null)
 */
public record ToolChatResponse(AiMessage message, LlmUsage usage) {
    public List<ToolExecutionRequest> toolCalls() {
        return message.hasToolExecutionRequests() ? message.toolExecutionRequests() : List.of();
    }

    public String text() {
        return message.text();
    }
}
