package io.codingit.llm.internal;

import io.codingit.llm.GenerationConfig;
import io.codingit.llm.LlmProvider;
import io.codingit.web.ApiException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Which key a request uses: the caller's own, else the server's from its environment variable. */
@Component
class ApiKeys {
    private final Environment environment;

    ApiKeys(Environment environment) {
        this.environment = environment;
    }

    /** The server's key for a provider, if it holds one. */
    Optional<String> serverKey(LlmProvider provider) {
        if (!provider.needsApiKey()) {
            return Optional.empty();
        }
        String key = environment.getProperty(provider.apiKeyVariable());
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.trim());
    }

    boolean serverCanServe(LlmProvider provider) {
        return !provider.needsApiKey() || serverKey(provider).isPresent();
    }

    /** The key to send, or null for providers that need none; 503 naming the variable when none is available. */
    String keyFor(LlmProvider provider, GenerationConfig config) {
        if (config.hasOwnApiKey()) {
            return config.apiKey().trim();
        }
        if (!provider.needsApiKey()) {
            return null;
        }
        return serverKey(provider).orElseThrow(() -> ApiException.unavailable("No API key for provider '"
                + provider.id() + "': set " + provider.apiKeyVariable() + " on the server or send config.apiKey"));
    }
}
