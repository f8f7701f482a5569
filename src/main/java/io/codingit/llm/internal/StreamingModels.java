package io.codingit.llm.internal;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
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
 * in the provider's own way: a JSON schema (OpenAI's {@code response_format}, Gemini's and Vertex AI's
 * {@code responseSchema}, Ollama's {@code format}), JSON mode (the other OpenAI-compatible services,
 * whose schema support varies), or a forced tool call whose input is the schema (Anthropic).
 */
final class StreamingModels {
    /** The one tool Anthropic is made to call (and the name of the JSON schema sent to the others). */
    static final String TOOL_NAME = "fragment";

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
            case ANTHROPIC -> anthropic(spec, http);
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

    /**
     * Anthropic's structured output is a tool call: with a schema, the model is given one tool,
     * {@value #TOOL_NAME}, whose input is the schema, and {@code tool_choice} forces it, so the answer
     * is that tool's input, streamed as {@code input_json_delta} pieces of JSON (which
     * {@link UpstreamStream} passes on as text, as the other providers' JSON text).
     */
    private static StreamingChatModel anthropic(Spec spec, HttpClientBuilder http) {
        GenerationConfig c = spec.config();
        AnthropicStreamingChatModel.AnthropicStreamingChatModelBuilder builder = AnthropicStreamingChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(spec.baseUrl())
                .apiKey(spec.apiKey())
                .modelName(spec.model())
                .temperature(c.temperature())
                .topP(c.topP())
                .topK(c.topK())
                .maxTokens(c.maxTokens() != null ? c.maxTokens() : spec.defaultMaxTokens());
        if (spec.schema() != null) {
            builder.toolSpecifications(ToolSpecification.builder()
                            .name(TOOL_NAME)
                            .description("Returns the answer as one object in the required shape.")
                            .parameters(spec.schema())
                            .build())
                    .toolChoice(ToolChoice.REQUIRED)
                    .toolChoiceName(TOOL_NAME);
        }
        return builder.build();
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
                .jsonSchema(JsonSchema.builder().name(TOOL_NAME).rootElement(schema).build())
                .build();
    }

    private static ResponseFormat jsonMode() {
        return ResponseFormat.JSON;
    }
}
