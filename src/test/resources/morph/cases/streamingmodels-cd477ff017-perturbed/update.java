package io.codingit.llm.internal;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ResponseFormat;
                // ... existing code ...
                JsonObjectSchema schema, int defaultMaxTokens, Duration connectTimeout, Duration maxDuration) {
    }

    static StreamingChatModel build(Spec spec, HttpClientBuilder http) {
        http.connectTimeout(spec.connectTimeout()).readTimeout(spec.maxDuration());
        GenerationConfig c = spec.config();
        return switch (spec.provider().wire()) {
            case OPENAI -> OpenAiStreamingChatModel.builder()
// ... existing code ...
