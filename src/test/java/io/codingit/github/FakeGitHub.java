package io.codingit.github;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on loopback that plays GitHub for the tests: routes answer with GitHub's JSON
 * and headers, and every request is recorded (method, raw URI, headers, body) so that tests can
 * assert what our server sent. One per JVM, shared by all GitHub test contexts; tests keep apart
 * by using their own tokens and names. Routes are keyed by method and raw path with query.
 */
public final class FakeGitHub {
    private static FakeGitHub instance;

    public record Request(String method, String uri, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        /** The bearer token sent, or null. */
        public String token() {
            String auth = header("Authorization");
            return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        }
    }

    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body);
        }
    }

    /** Thrown by a route to make the fake drop the connection without an answer. */
    public static final class DropConnection extends RuntimeException {
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Reply>> repliesByToken = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeGitHub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static synchronized FakeGitHub instance() {
        if (instance == null) {
            instance = new FakeGitHub();
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The API root our server is configured with: a GitHub Enterprise style path prefix. */
    public String apiUrl() {
        return baseUrl() + "/api/v3";
    }

    public void on(String method, String uri, Function<Request, Reply> route) {
        routes.put(method + " " + uri, route);
    }

    /**
     * Answers {@code GET apiPath} (under {@link #apiUrl()}) with {@code reply} for {@code token};
     * each token has its own answer, and tokens without one get GitHub's 401.
     */
    public void onGet(String apiPath, String token, Reply reply) {
        String uri = "/api/v3" + apiPath;
        Map<String, Reply> byToken = repliesByToken.computeIfAbsent(uri, u -> new ConcurrentHashMap<>());
        byToken.put(token, reply);
        on("GET", uri, r -> r.token() != null && byToken.containsKey(r.token()) ? byToken.get(r.token())
                : Reply.json(401, "{\"message\":\"Bad credentials\"}"));
    }

    /** Requests received for {@code uri} (raw path and query, including the /api/v3 prefix). */
    public List<Request> requestsTo(String uri) {
        return requests.stream().filter(r -> r.uri().equals(uri)).toList();
    }

    /** Every request carrying {@code token}. */
    public List<Request> requestsWithToken(String token) {
        return requests.stream().filter(r -> token.equals(r.token())).toList();
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    headers, body);
            requests.add(request);
            Function<Request, Reply> route = routes.get(request.method() + " " + request.uri());
            Reply reply = route == null ? Reply.json(404, "{\"message\":\"Not Found\"}") : route.apply(request);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), reply.status() == 304 || bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0 && reply.status() != 304) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (DropConnection e) {
            // closing without a response: the client sees the connection end early
            throw new IOException("dropped on purpose");
        }
    }
}
