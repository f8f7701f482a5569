package io.codingit.llm.internal;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import io.codingit.llm.GenerationConfig;
import io.codingit.llm.LlmProvider;

/**
 * Each provider's model settings, decided once for the streaming models (chat) and the tool-calling
 * ones (agents): which of the caller's generation parameters the provider accepts, Anthropic's
 * default output budget (it requires one), and the structured output each wire asks for. The builders
 * of {@link StreamingModels} and {@link ToolChatModels} take the result as their default request
 * parameters and add only the connection (HTTP client, base URL, key) and what is theirs alone.
 */
final class ModelSettings {
    /** The one tool Anthropic is made to call (and the name of the JSON schema sent to the others). */
    static final String TOOL_NAME = "fragment";

    private ModelSettings() {
    }

    static ChatRequestParameters of(StreamingModels.Spec spec) {
        GenerationConfig c = spec.config();
        JsonObjectSchema schema = spec.schema();
        return switch (spec.provider().wire()) {
            // JSON schema for OpenAI itself, JSON mode for the OpenAI-compatible services (schema support varies)
            case OPENAI -> OpenAiChatRequestParameters.builder()
                    .modelName(spec.model()).temperature(c.temperature()).topP(c.topP())
                    .frequencyPenalty(c.frequencyPenalty()).presencePenalty(c.presencePenalty())
                    .maxOutputTokens(c.maxTokens())
                    .responseFormat(schema == null ? null
                            : spec.provider() == LlmProvider.OPENAI ? jsonSchema(schema) : ResponseFormat.JSON)
                    .build();
            // no penalties; a max_tokens is mandatory; structured output is a forced tool call (StreamingModels)
            case ANTHROPIC -> DefaultChatRequestParameters.builder()
                    .modelName(spec.model()).temperature(c.temperature()).topP(c.topP()).topK(c.topK())
                    .maxOutputTokens(c.maxTokens() != null ? c.maxTokens() : spec.defaultMaxTokens())
                    .build();
            // the Gemini API and Vertex AI share one wire format
            case GEMINI, VERTEX -> DefaultChatRequestParameters.builder()
                    .modelName(spec.model()).temperature(c.temperature()).topP(c.topP()).topK(c.topK())
                    .frequencyPenalty(c.frequencyPenalty()).presencePenalty(c.presencePenalty())
                    .maxOutputTokens(c.maxTokens())
                    .responseFormat(schema == null ? null : jsonSchema(schema))
                    .build();
            // maxOutputTokens becomes Ollama's num_predict
            case OLLAMA -> DefaultChatRequestParameters.builder()
                    .modelName(spec.model()).temperature(c.temperature()).topP(c.topP()).topK(c.topK())
                    .maxOutputTokens(c.maxTokens())
                    .responseFormat(schema == null ? null : jsonSchema(schema))
                    .build();
        };
    }

    private static ResponseFormat jsonSchema(JsonObjectSchema schema) {
        return ResponseFormat.builder()
                .type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name(TOOL_NAME).rootElement(schema).build())
                .build();
    }
}
