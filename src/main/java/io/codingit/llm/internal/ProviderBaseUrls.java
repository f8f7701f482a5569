package io.codingit.llm.internal;

import io.codingit.llm.LlmProvider;
import io.codingit.llm.OutboundUrlPolicy;
import org.springframework.stereotype.Component;

/**
 * The base URL a request goes to: the caller's, once it passed {@link OutboundUrlPolicy}, else the
 * provider's default (the configured one for Ollama); Vertex turns either into its publisher endpoint.
 * Shared by streaming and tool-calling clients so that both apply one policy.
 */
@Component
class ProviderBaseUrls {
    private final LlmProperties properties;
    private final OutboundUrlPolicy urlPolicy;
    private final VertexEndpoint vertexEndpoint;

    ProviderBaseUrls(LlmProperties properties, OutboundUrlPolicy urlPolicy, VertexEndpoint vertexEndpoint) {
        this.properties = properties;
        this.urlPolicy = urlPolicy;
        this.vertexEndpoint = vertexEndpoint;
    }

    String baseUrlFor(LlmProvider provider, String callers) {
        String checked = callers == null || callers.isBlank() ? null
                : stripTrailingSlash(urlPolicy.check(callers, "config.baseURL").toString());
        if (provider == LlmProvider.VERTEX) {
            return vertexEndpoint.publisherBaseUrl(checked);
        }
        if (checked != null) {
            return checked;
        }
        return provider == LlmProvider.OLLAMA ? properties.ollamaBaseUrl() : provider.defaultBaseUrl();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
