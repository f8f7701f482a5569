package io.codingit.llm.internal;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.codingit.llm.GenerationConfig;
import io.codingit.llm.LlmProvider;

import java.time.Duration;

/**
 * Builds one LangChain4j streaming model per request (the caller's key and base URL differ per
 * request). Each passes only the parameters its provider accepts, and asks for structured output
 * in the provider's own way: a JSON schema (OpenAI, Gemini and Vertex AI, Ollama), JSON mode (the other
 * OpenAI-compatible services, whose schema support varies), or only the prompt (Anthropic, whose
 * structured output is a tool call that would not stream as plain JSON text).
 */
final class StreamingModels {
    private StreamingModels() {
    }

    /**
     * What a model is built from. {@code maxDuration} becomes the JDK client's request timeout, which
     * covers the whole streamed body, so it bounds a complete generation; the first-token and idle
     * timeouts are enforced by {@link UpstreamStream}.
     */
    record Spec(LlmProvider provider, String model, String baseUrl, String apiKey, GenerationConfig config,
                JsonObjectSchema schema, int defaultMaxTokens, Duration connectTimeout, Duration maxDuration) {
    }

    static StreamingChatModel build(Spec spec, HttpClientBuilder http) {
        http.connectTimeout(spec.connectTimeout()).readTimeout(spec.maxDuration());
        GenerationConfig c = spec.config();
        return switch (spec.provider().wire()) {
            case OPENAI -> OpenAiStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(spec.baseUrl())
                    .apiKey(spec.apiKey())
                    .modelName(spec.model())
                    .temperature(c.temperature())
                    .topP(c.topP())
                    .frequencyPenalty(c.frequencyPenalty())
                    .presencePenalty(c.presencePenalty())
                    .maxTokens(c.maxTokens())
                    .responseFormat(spec.schema() == null ? null
                            : spec.provider() == LlmProvider.OPENAI ? jsonSchema(spec.schema()) : jsonMode())
                    .build();
            case ANTHROPIC -> AnthropicStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(spec.baseUrl())
                    .apiKey(spec.apiKey())
                    .modelName(spec.model())
                    .temperature(c.temperature())
                    .topP(c.topP())
                    .topK(c.topK())
                    .maxTokens(c.maxTokens() != null ? c.maxTokens() : spec.defaultMaxTokens())
                    .build();
            case GEMINI -> gemini(spec, http);
            case VERTEX -> gemini(spec, new BearerTokenHttpClientBuilder(http));
            case OLLAMA -> OllamaStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(spec.baseUrl())
                    .modelName(spec.model())
                    .temperature(c.temperature())
                    .topP(c.topP())
                    .topK(c.topK())
                    .numPredict(c.maxTokens())
                    .responseFormat(spec.schema() == null ? null : jsonSchema(spec.schema()))
                    .build();
        };
    }

    /** The Gemini API's client; Vertex AI speaks the same wire format under another URL and authentication. */
    private static StreamingChatModel gemini(Spec spec, HttpClientBuilder http) {
        GenerationConfig c = spec.config();
        return GoogleAiGeminiStreamingChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(spec.baseUrl())
                .apiKey(spec.apiKey())
                .modelName(spec.model())
                .temperature(c.temperature())
                .topP(c.topP())
                .topK(c.topK())
                .frequencyPenalty(c.frequencyPenalty())
                .presencePenalty(c.presencePenalty())
                .maxOutputTokens(c.maxTokens())
                .responseFormat(spec.schema() == null ? null : jsonSchema(spec.schema()))
                .build();
    }

    private static ResponseFormat jsonSchema(JsonObjectSchema schema) {
        return ResponseFormat.builder()
                .type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name("fragment").rootElement(schema).build())
                .build();
    }

    private static ResponseFormat jsonMode() {
        return ResponseFormat.JSON;
    }
}
