package io.codingit.llm.internal;

import io.codingit.llm.LlmProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The endpoints the server itself uses for each provider, the only ones its keys are sent to: the provider's
 * default, or the one the operator configured ({@code codingit.llm.base-urls.<providerId>}, e.g. a company
 * gateway; {@code codingit.llm.ollama-base-url} for Ollama). Read per request, as the keys are, so that an
 * operator's change of both applies together.
 */
@Component
class ServerEndpoints {
    static final String PREFIX = "codingit.llm.base-urls.";

    private final Environment environment;
    private final LlmProperties properties;
    private final VertexEndpoint vertex;

    ServerEndpoints(Environment environment, LlmProperties properties, VertexEndpoint vertex) {
        this.environment = environment;
        this.properties = properties;
        this.vertex = vertex;
    }

    /** The operator's endpoint for the provider, if one is configured. */
    Optional<String> configured(LlmProvider provider) {
        String value = environment.getProperty(PREFIX + provider.id());
        if ((value == null || value.isBlank()) && provider == LlmProvider.OLLAMA) {
            value = properties.ollamaBaseUrl();
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(stripTrailingSlash(value.strip()));
    }

    /** Where the server sends the provider's requests: the configured endpoint, else the provider's default. */
    String endpoint(LlmProvider provider) {
        return configured(provider).orElseGet(() -> defaultEndpoint(provider));
    }

    private String defaultEndpoint(LlmProvider provider) {
        return provider == LlmProvider.VERTEX ? vertex.defaultEndpoint() : provider.defaultBaseUrl();
    }

    /** Whether {@code url} names one of the server's own endpoints for the provider (scheme and host case, default port and a trailing slash aside). */
    boolean isServerEndpoint(LlmProvider provider, String url) {
        Optional<URI> given = normalized(url);
        if (given.isEmpty()) {
            return false;
        }
        return given.equals(normalized(defaultEndpoint(provider))) || configured(provider).flatMap(ServerEndpoints::normalized)
                .map(given.get()::equals).orElse(false);
    }

    static String stripTrailingSlash(String url) {
        String out = url;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    private static Optional<URI> normalized(String url) {
        try {
            URI uri = new URI(stripTrailingSlash(url.strip()));
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            return Optional.of(new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), port,
                    uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "" : uri.getRawPath(), null, null));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
