package io.codingit.llm.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * {@code codingit.llm.*} (docs/chat.md).
 *
 * @param allowedBaseUrlHosts hosts a caller's {@code config.baseURL} may name although they are
 *                            local or private, and over plain http (e.g. a local Ollama)
 * @param modelsFile          a JSON file replacing the built-in model catalog; empty for the built-in one
 * @param ollamaBaseUrl       where Ollama requests go when the caller gives no base URL (the operator's choice)
 * @param connectTimeout      to open the connection to the provider
 * @param firstTokenTimeout   from sending the request to the first generated text
 * @param idleTimeout         longest silence between two pieces of generated text
 * @param maxStreamDuration   longest a whole generation may take
 * @param defaultMaxTokens    sent to providers that require a limit (Anthropic) when the caller gives none
 * @param maxImageSize        largest image of a message the server fetches (then sent inline to the provider)
 * @param imageFetchTimeout   longest the server waits for an image's answer
 * @param relayPort           the model relay's port on 127.0.0.1 (0: any free port); see {@link io.codingit.llm.LlmRelay}
 */
@ConfigurationProperties("codingit.llm")
public record LlmProperties(
        @DefaultValue List<String> allowedBaseUrlHosts,
        @DefaultValue("") String modelsFile,
        @DefaultValue("http://localhost:11434") String ollamaBaseUrl,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration firstTokenTimeout,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("10m") Duration maxStreamDuration,
        @DefaultValue("4096") int defaultMaxTokens,
        @DefaultValue("5MB") DataSize maxImageSize,
        @DefaultValue("15s") Duration imageFetchTimeout,
        @DefaultValue("0") int relayPort) {
}
