package io.codingit.llm.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.codingit.llm.LlmProvider;
import io.codingit.llm.LlmRelay;
import io.codingit.ratelimit.RateLimitExceededException;
import io.codingit.web.ErrorLog;
import io.codingit.web.RequestIdFilter;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link LlmRelay} on the JDK's HTTP server, bound to 127.0.0.1 only. Each request names its provider in the
 * first path segment ({@code /openai/chat/completions}, {@code /anthropic/v1/messages},
 * {@code /google/v1beta/models/...}); its credential (wherever that provider's SDKs put it: {@code Authorization},
 * {@code x-api-key}, {@code x-goog-api-key} or {@code ?key=}) must be a live grant's token for that provider.
 * The request then goes to the server's endpoint for the provider ({@link ServerEndpoints}) with the server's
 * key in the provider's header, over the shared client (no redirects); only content headers pass in either
 * direction. Error bodies from the provider are scrubbed of the key; successful bodies are streamed as they come.
 */
@Service
class ModelRelay implements LlmRelay {
    private static final Logger log = LoggerFactory.getLogger(ModelRelay.class);
    static final String TOKEN_PREFIX = "cit-relay-";
    private static final int MAX_REQUEST = 16 * 1024 * 1024;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Set<String> REQUEST_HEADERS = Set.of("content-type", "accept", "anthropic-version",
            "anthropic-beta", "openai-beta", "user-agent");
    private static final Set<String> RESPONSE_HEADERS = Set.of("content-type", "retry-after", "request-id", "x-request-id");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerEndpoints endpoints;
    private final ApiKeys apiKeys;
    private final LlmBudget budget;
    private final HttpClient client;
    private final LlmProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, RelayGrant> grants = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;

    ModelRelay(ServerEndpoints endpoints, ApiKeys apiKeys, LlmBudget budget, HttpClient llmHttpClient, LlmProperties properties) {
        this.endpoints = endpoints;
        this.apiKeys = apiKeys;
        this.budget = budget;
        this.client = llmHttpClient;
        this.properties = properties;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), properties.relayPort()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the model relay on 127.0.0.1:" + properties.relayPort(), e);
        }
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("llm-relay-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    @PreDestroy
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public List<LlmProvider> servable(List<LlmProvider> wanted) {
        return wanted.stream().filter(ModelRelay::relayable).filter(p -> apiKeys.serverKey(p).isPresent()).toList();
    }

    @Override
    public Grant open(String userId, List<LlmProvider> providers, Duration lifetime) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        RelayGrant grant = new RelayGrant(token, userId, Set.copyOf(providers), clock.instant().plus(lifetime));
        grants.put(digest(token), grant);
        return grant;
    }

    static boolean relayable(LlmProvider provider) {
        return provider.wire() == LlmProvider.Wire.OPENAI || provider.wire() == LlmProvider.Wire.ANTHROPIC
                || provider.wire() == LlmProvider.Wire.GEMINI;
    }

    private final class RelayGrant implements Grant {
        private final String token;
        private final String userId;
        private final Set<LlmProvider> providers;
        private final Instant expires;

        RelayGrant(String token, String userId, Set<LlmProvider> providers, Instant expires) {
            this.token = token;
            this.userId = userId;
            this.providers = providers;
            this.expires = expires;
        }

        @Override
        public String token() {
            return token;
        }

        @Override
        public Map<String, String> environment(String host) {
            String base = "http://" + host + ":" + port() + "/";
            Map<String, String> env = new LinkedHashMap<>();
            for (LlmProvider provider : providers) {
                String url = base + provider.id();
                switch (provider.wire()) {
                    case OPENAI -> {
                        env.put(provider.apiKeyVariable(), token);
                        if (provider == LlmProvider.OPENAI) {
                            env.put("OPENAI_BASE_URL", url);
                            env.put("OPENAI_API_BASE", url);
                        }
                    }
                    case ANTHROPIC -> {
                        env.put("ANTHROPIC_API_KEY", token);
                        env.put("ANTHROPIC_BASE_URL", url);
                    }
                    case GEMINI -> {
                        env.put("GEMINI_API_KEY", token);
                        env.put("GOOGLE_API_KEY", token);
                        env.put("GOOGLE_GEMINI_BASE_URL", url);
                        env.put("GEMINI_API_BASE", url);
                    }
                    default -> {
                        // not relayed: open() is only given relayable providers by callers that asked servable()
                    }
                }
            }
            return env;
        }

        boolean live(Instant now) {
            return now.isBefore(expires);
        }

        @Override
        public void close() {
            grants.remove(digest(token));
        }

        @Override
        public String toString() {
            return "RelayGrant[user=" + userId + ", providers=" + providers + ", expires=" + expires + "]";
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        // as RequestIdFilter does for the API: the caller's id (or a new one) on the answer and on every log line
        String requestId = RequestIdFilter.idFrom(exchange.getRequestHeaders().getFirst(RequestIdFilter.HEADER));
        exchange.getResponseHeaders().set(RequestIdFilter.HEADER, requestId);
        MDC.put(RequestIdFilter.MDC_KEY, requestId);
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            int slash = path.indexOf('/', 1);
            String providerId = slash < 0 ? path.substring(1) : path.substring(1, slash);
            String rest = slash < 0 ? "" : path.substring(slash);
            Optional<LlmProvider> provider = LlmProvider.byId(providerId).filter(ModelRelay::relayable);
            RelayGrant grant = grantOf(exchange);
            if (grant == null) {
                error(exchange, 401, "missing, unknown or expired relay token");
                return;
            }
            if (provider.isEmpty() || !grant.providers.contains(provider.get())) {
                error(exchange, 404, "this relay token does not serve provider '" + providerId + "'");
                return;
            }
            Optional<String> key = apiKeys.serverKey(provider.get());
            if (key.isEmpty()) {
                error(exchange, 503, "the server holds no key for provider '" + providerId + "'");
                return;
            }
            byte[] body = readBody(exchange);
            if (body == null) {
                error(exchange, 413, "the request is larger than " + (MAX_REQUEST >> 20) + " MB");
                return;
            }
            if (exchange.getRequestMethod().equals("POST")) {
                try {
                    budget.charge(grant.userId);
                } catch (RateLimitExceededException spent) {
                    spent.retryAfter().ifPresent(d -> exchange.getResponseHeaders().set("Retry-After",
                            Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
                    error(exchange, 429, LlmBudget.EXHAUSTED);
                    return;
                }
            }
            forward(exchange, provider.get(), rest, body, key.get());
        } catch (IOException e) {
            log.debug("model relay: the client went away: {}", e.toString());
        } finally {
            MDC.remove(RequestIdFilter.MDC_KEY);
        }
    }

    private void forward(HttpExchange exchange, LlmProvider provider, String rest, byte[] body, String key) throws IOException {
        URI target = URI.create(join(endpoints.endpoint(provider), rest) + queryWithoutKey(exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(properties.maxStreamDuration())
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        switch (provider.wire()) {
            case ANTHROPIC -> request.header("x-api-key", key);
            case GEMINI -> request.header("x-goog-api-key", key);
            default -> request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<InputStream> response;
        String upstream = "the " + ProviderErrors.upstream(provider.id(), endpoints.endpoint(provider));
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(exchange, 502, "the request to " + upstream + " was interrupted (the server is stopping)", e);
            return;
        } catch (IOException e) {
            error(exchange, 502, upstream + " could not be reached: " + ProviderErrors.transportCause(e), e);
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        try (InputStream in = response.body()) {
            if (response.statusCode() >= 400) {
                byte[] kept = in.readNBytes(MAX_ERROR_BODY);
                byte[] scrubbed = new String(kept, StandardCharsets.UTF_8).replace(key, "***").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(response.statusCode(), scrubbed.length == 0 ? -1 : scrubbed.length);
                exchange.getResponseBody().write(scrubbed);
                return;
            }
            exchange.sendResponseHeaders(response.statusCode(), 0);
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    private RelayGrant grantOf(HttpExchange exchange) {
        List<String> candidates = new ArrayList<>();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            candidates.add(authorization.substring(7).strip());
        }
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-api-key")).ifPresent(candidates::add);
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-goog-api-key")).ifPresent(candidates::add);
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("key=")) {
                    candidates.add(pair.substring(4));
                }
            }
        }
        Instant now = clock.instant();
        for (String candidate : candidates) {
            if (candidate.startsWith(TOKEN_PREFIX)) {
                RelayGrant grant = grants.get(digest(candidate));
                if (grant != null && grant.live(now)) {
                    return grant;
                }
                if (grant != null) {
                    grant.close();
                }
            }
        }
        return null;
    }

    /** The endpoint and the request's path; a version segment both spell ({@code /v1}, {@code /v1beta}) is kept once. */
    static String join(String endpoint, String rest) {
        String base = ServerEndpoints.stripTrailingSlash(endpoint);
        String last = base.substring(base.lastIndexOf('/') + 1);
        if (last.matches("v\\d+(beta\\d*|alpha\\d*)?") && (rest.equals("/" + last) || rest.startsWith("/" + last + "/"))) {
            rest = rest.substring(last.length() + 1);
        }
        return base + rest;
    }

    private static String queryWithoutKey(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (!pair.startsWith("key=")) {
                kept.add(pair);
            }
        }
        return kept.isEmpty() ? "" : "?" + String.join("&", kept);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_REQUEST + 1);
            return body.length > MAX_REQUEST ? null : body;
        }
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        error(exchange, status, message, null);
    }

    /** The relay's error answer, logged once like the API's ({@link ErrorLog}: a 5xx with its cause); the path has no key. */
    private static void error(HttpExchange exchange, int status, String message, Throwable cause) throws IOException {
        ErrorLog.answered(exchange.getRequestMethod(), "(model relay) " + exchange.getRequestURI().getRawPath(), status, message, cause);
        byte[] body = ("{\"error\":{\"type\":\"relay_error\",\"message\":\"" + message.replace("\"", "'") + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
