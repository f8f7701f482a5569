package io.codingit.llm.internal;

import io.codingit.llm.LlmProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The server's provider keys, read from their environment variables (per request, so a rotated key applies at once). */
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
        for (String variable : provider.apiKeyVariables()) {
            String key = environment.getProperty(variable);
            if (key != null && !key.isBlank()) {
                return Optional.of(key.trim());
            }
        }
        return Optional.empty();
    }

    boolean serverCanServe(LlmProvider provider) {
        return !provider.needsApiKey() || serverKey(provider).isPresent();
    }
}
