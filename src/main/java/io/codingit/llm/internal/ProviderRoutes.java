package io.codingit.llm.internal;

import io.codingit.llm.GenerationConfig;
import io.codingit.llm.LlmProvider;
import io.codingit.llm.LlmRouteException;
import io.codingit.llm.OutboundUrlPolicy;
import org.springframework.stereotype.Component;

import java.net.URI;

/**
 * Where a model call goes and with which key, shared by the streaming and tool-calling clients so that both
 * apply one rule (docs/security.md, finding 1):
 * <ul>
 *   <li>the server's key goes only to the server's own endpoint for the provider ({@link ServerEndpoints}):
 *       its default or the operator's configured one;</li>
 *   <li>any other {@code config.baseURL} is the caller's: it must pass {@link OutboundUrlPolicy}, and a
 *       provider that needs a key gets the caller's own {@code config.apiKey} there or the call is refused
 *       (400) before any connection;</li>
 *   <li>the call is charged to the caller's {@code llm} budget unless the caller's own key and the caller's own
 *       endpoint are what is really used (finding 5): a key sent to a keyless provider (Ollama) pays nothing,
 *       the server's Ollama and the operator's Vertex project are the server's, and so is an operator
 *       allow-listed internal host named by a keyless provider's request.</li>
 * </ul>
 */
@Component
class ProviderRoutes {
    private final ServerEndpoints endpoints;
    private final ApiKeys apiKeys;
    private final OutboundUrlPolicy urlPolicy;
    private final VertexEndpoint vertexEndpoint;

    ProviderRoutes(ServerEndpoints endpoints, ApiKeys apiKeys, OutboundUrlPolicy urlPolicy, VertexEndpoint vertexEndpoint) {
        this.endpoints = endpoints;
        this.apiKeys = apiKeys;
        this.urlPolicy = urlPolicy;
        this.vertexEndpoint = vertexEndpoint;
    }

    /**
     * One call's route.
     *
     * @param baseUrl        the client's base URL (for Vertex AI, the publisher path under the endpoint)
     * @param apiKey         what is sent as the credential; null for keyless providers
     * @param serverResource the server's key or the server's endpoint is used, so the call is charged
     */
    record Route(String baseUrl, String apiKey, boolean serverResource) {
        @Override
        public String toString() {
            return "Route[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "<none>" : "<set>")
                    + ", serverResource=" + serverResource + "]";
        }
    }

    Route route(LlmProvider provider, GenerationConfig config) {
        String asked = config.baseUrl() == null || config.baseUrl().isBlank() ? null : config.baseUrl().strip();
        boolean callersEndpoint = asked != null && !endpoints.isServerEndpoint(provider, asked);
        String endpoint;
        if (callersEndpoint) {
            URI checked = urlPolicy.check(asked, "config.baseURL");
            endpoint = ServerEndpoints.stripTrailingSlash(checked.toString());
        } else {
            endpoint = asked != null ? ServerEndpoints.stripTrailingSlash(asked) : endpoints.endpoint(provider);
        }
        String key = null;
        boolean serverKey = false;
        if (provider.needsApiKey()) {
            if (config.hasOwnApiKey()) {
                key = config.apiKey().strip();
            } else if (callersEndpoint) {
                throw LlmRouteException.ownKeyRequired(provider);
            } else {
                key = apiKeys.serverKey(provider).orElseThrow(() -> LlmRouteException.noServerKey(provider));
                serverKey = true;
            }
        }
        boolean serverEndpoint;
        if (provider == LlmProvider.VERTEX) {
            serverEndpoint = true; // every Vertex call runs in the operator's Google Cloud project
        } else if (!callersEndpoint) {
            // the provider's public API on the caller's own key costs the server nothing; an operator's gateway,
            // and the server's Ollama, are the server's
            serverEndpoint = !provider.needsApiKey() || endpoints.configured(provider).isPresent();
        } else {
            serverEndpoint = !provider.needsApiKey() && urlPolicy.isAllowListed(URI.create(endpoint).getHost());
        }
        String baseUrl = provider == LlmProvider.VERTEX ? vertexEndpoint.publisherBaseUrl(endpoint) : endpoint;
        return new Route(baseUrl, key, serverKey || serverEndpoint);
    }
}
