package io.codingit.llm.internal;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * Builds one LangChain4j non-streaming {@link ChatModel} per tool-calling request, the counterpart of
 * {@link StreamingModels} for agents: the same providers, settings ({@link ModelSettings}), key, base
 * URL and HTTP client rules (no redirects, the one shared JDK client, a request that can be
 * cancelled), without structured output. The JDK client's request timeout bounds one whole answer.
 * LangChain4j retries are off: a retry would hide a slow provider from the agent's own time limits and
 * send the request twice.
 */
final class ToolChatModels {
    private ToolChatModels() {
    }

    static ChatModel build(StreamingModels.Spec spec, HttpClientBuilder http) {
        ChatRequestParameters settings = ModelSettings.of(spec);
        return switch (spec.provider().wire()) {
            case OPENAI -> OpenAiChatModel.builder().httpClientBuilder(http).baseUrl(spec.baseUrl())
                    .apiKey(spec.apiKey()).defaultRequestParameters(settings).maxRetries(0).build();
            case ANTHROPIC -> AnthropicChatModel.builder().httpClientBuilder(http).baseUrl(spec.baseUrl())
                    .apiKey(spec.apiKey()).defaultRequestParameters(settings).maxRetries(0).build();
            case GEMINI -> gemini(spec, settings, http);
            case VERTEX -> gemini(spec, settings, new BearerTokenHttpClientBuilder(http));
            case OLLAMA -> OllamaChatModel.builder().httpClientBuilder(http).baseUrl(spec.baseUrl())
                    .defaultRequestParameters(settings).maxRetries(0).build();
        };
    }

    private static ChatModel gemini(StreamingModels.Spec spec, ChatRequestParameters settings, HttpClientBuilder http) {
        return GoogleAiGeminiChatModel.builder().httpClientBuilder(http).baseUrl(spec.baseUrl())
                .apiKey(spec.apiKey()).defaultRequestParameters(settings).maxRetries(0).build();
    }
}
