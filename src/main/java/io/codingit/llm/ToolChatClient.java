package io.codingit.llm;

/**
 * One tool-calling turn against any {@link LlmProvider} that supports tools (OpenAI and the
 * OpenAI-compatible services, Anthropic, Gemini, Vertex AI, Ollama): the model answers with text or asks
 * for tool calls, which the caller executes and sends back in the next request. Not streamed: an agent
 * needs the whole answer (the tool calls and their arguments) before it can act.
 * <p>
 * Like {@link LlmClient}, the client is built for the request from the caller's or the server's key and
 * a base URL that passed {@link OutboundUrlPolicy}.
 */
public interface ToolChatClient {
    /**
     * Sends the conversation and returns the model's next message.
     *
     * @throws LlmException INVALID (400) when the base URL breaks the policy or no model is named,
     *                       UNAVAILABLE (503) naming the variable to set when no key is available
     * @throws LlmCallException             when the provider fails; its {@link LlmFailure} is safe to show
     */
    ToolChatResponse chat(ToolChatRequest request);
}
