package io.codingit.llm.internal;

import io.codingit.llm.LlmProvider;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a keyless provider's endpoint (a local Ollama) accepts a connection, so that the model
 * list does not offer as available a model whose server is not running. A TCP connect with a short
 * timeout, remembered for a few seconds: the model list is read on every page load.
 */
@Component
class EndpointProbe {
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
    static final Duration REMEMBER = Duration.ofSeconds(10);

    private final ServerEndpoints endpoints;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private record Answer(boolean reachable, Instant at) {
    }

    EndpointProbe(ServerEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The server's endpoint for the provider (named in messages). */
    String endpoint(LlmProvider provider) {
        return endpoints.endpoint(provider);
    }

    boolean reachable(LlmProvider provider) {
        String url = endpoints.endpoint(provider);
        Instant now = clock.instant();
        Answer known = answers.get(url);
        if (known != null && known.at().plus(REMEMBER).isAfter(now)) {
            return known.reachable();
        }
        Answer fresh = new Answer(connects(url), now);
        answers.put(url, fresh);
        return fresh.reachable();
    }

    private static boolean connects(String url) {
        try {
            URI uri = URI.create(url);
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
                return true;
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
