package io.codingit.llm.internal;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.codingit.llm.GenerationConfig;
import io.codingit.llm.LlmProvider;

import java.time.Duration;

/**
 * Builds one LangChain4j streaming model per request (the caller's key and base URL differ per
 * request), with the settings {@link ModelSettings} decides for its provider: only the parameters the
 * provider accepts, and structured output in the provider's own way: a JSON schema (OpenAI's
 * {@code response_format}, Gemini's and Vertex AI's {@code responseSchema}, Ollama's {@code format}),
 * JSON mode (the other OpenAI-compatible services, whose schema support varies), or a forced tool call
 * whose input is the schema (Anthropic).
 */
final class StreamingModels {
    /** The one tool Anthropic is made to call (and the name of the JSON schema sent to the others). */
    static final String TOOL_NAME = ModelSettings.TOOL_NAME;

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
        ChatRequestParameters settings = ModelSettings.of(spec);
        return switch (spec.provider().wire()) {
            case OPENAI -> OpenAiStreamingChatModel.builder().httpClientBuilder(http).baseUrl(spec.baseUrl())
                    .apiKey(spec.apiKey()).defaultRequestParameters(settings).build();
            case ANTHROPIC -> anthropic(spec, settings, http);
            case GEMINI -> gemini(spec, settings, http);
            case VERTEX -> gemini(spec, settings, new BearerTokenHttpClientBuilder(http));
            case OLLAMA -> OllamaStreamingChatModel.builder().httpClientBuilder(http).baseUrl(spec.baseUrl())
                    .defaultRequestParameters(settings).build();
        };
    }

    /**
     * Anthropic's structured output is a tool call: with a schema, the model is given one tool,
     * {@value #TOOL_NAME}, whose input is the schema, and {@code tool_choice} forces it, so the answer
     * is that tool's input, streamed as {@code input_json_delta} pieces of JSON (which
     * {@link UpstreamStream} passes on as text, as the other providers' JSON text). Its streaming
     * builder takes no default request parameters, so the settings go in through its setters.
     */
    private static StreamingChatModel anthropic(Spec spec, ChatRequestParameters settings, HttpClientBuilder http) {
        AnthropicStreamingChatModel.AnthropicStreamingChatModelBuilder builder = AnthropicStreamingChatModel.builder()
                .httpClientBuilder(http).baseUrl(spec.baseUrl()).apiKey(spec.apiKey())
                .modelName(settings.modelName()).temperature(settings.temperature()).topP(settings.topP())
                .topK(settings.topK()).maxTokens(settings.maxOutputTokens());
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
    private static StreamingChatModel gemini(Spec spec, ChatRequestParameters settings, HttpClientBuilder http) {
        return GoogleAiGeminiStreamingChatModel.builder().httpClientBuilder(http).baseUrl(spec.baseUrl())
                .apiKey(spec.apiKey()).defaultRequestParameters(settings).build();
    }
}
