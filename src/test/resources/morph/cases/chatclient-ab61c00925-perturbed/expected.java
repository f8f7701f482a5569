package io.codingit.chat;

import io.codingit.support.FakeLlmServer;
import io.codingit.support.TestApi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds chat request bodies and reads streamed responses from the server under test. */
final class ChatClient {
    static final String FRAGMENT = """
            {"commentary":"I will print a greeting","template":"code-interpreter-v1","title":"Hello","description":"Prints hello.",\
            "additional_dependencies":[],"has_additional_dependencies":false,"install_dependencies_command":"","port":null,\
            "file_path":"script.py","code":"print(\\"hello {world}\\")\\n"}""";
    /** What a chatty model sends: prose and a code fence around the object. */
    static final String MODEL_OUTPUT = "Here is your fragment:\n```json\n" + FRAGMENT + "\n```\nEnjoy!";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TestApi api;
    private final String token;

    ChatClient(TestApi api, String token) {
        this.api = api;
        this.token = token;
    }

    String token() {
        return token;
    }

    static Map<String, Object> body(String providerId, String model, Map<String, Object> config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", List.of(Map.of("role", "user", "content", "Say hello in Python")));
        body.put("model", Map.of("id", model, "name", model, "provider", providerId, "providerId", providerId));
        body.put("config", config);
        body.put("userID", "someone-else");
        return body;
    }

    static Map<String, Object> ownKey(FakeLlmServer upstream, String key) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiKey", key);
        config.put("baseURL", upstream.baseUrl());
        return config;
    }

    TestApi.Response post(Object body) {
        return api.as(token).post("/api/chat", body);
    }

    TestApi.Response postSse(Object body) {
        return api.as(token).withHeader("Accept", "text/event-stream").post("/api/chat", body);
    }

    /** Sends the request and returns as soon as the headers are in, the body still streaming. */
    HttpResponse<InputStream> open(Object body, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/chat"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(body)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * Sends the request over a plain socket and returns it with the response unread, so that a test
     * sees exactly which bytes have arrived and can hang up whenever it likes.
     */
    Socket openRaw(Object body, String accept) throws IOException {
        return openRaw(body, accept, 0);
    }

    /** As {@link #openRaw(Object, String)}, with a small receive buffer when {@code receiveBuffer > 0} (a slow reader). */
    Socket openRaw(Object body, String accept, int receiveBuffer) throws IOException {
        byte[] payload = TestApi.JSON.writeValueAsBytes(body);
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the TCP window is small from the start
        }
        socket.connect(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(api.baseUrl().substring(api.baseUrl().lastIndexOf(':') + 1))));
        socket.setSoTimeout(30_000);
        String head = "POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nConnection: close\r\nContent-Type: application/json\r\nAccept: " + accept
                + "\r\nContent-Length: " + payload.length
                + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(payload);
        socket.getOutputStream().flush();
        return socket;
    }

    /** Reads from {@code in} until what has arrived contains {@code marker}; returns all of it. */
    static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[256];
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            int n = in.read(buffer);
            if (n < 0 || seen.size() > 1_000_000) {
                throw new IOException("the response ended before " + marker + " arrived: " + seen.toString(StandardCharsets.UTF_8));
            }
            seen.write(buffer, 0, n);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    /** The body of a complete raw HTTP/1.1 response with chunked transfer encoding. */
    static String dechunk(String rawResponse) {
        String rest = rawResponse.substring(rawResponse.indexOf("\r\n\r\n") + 4);
        StringBuilder body = new StringBuilder();
        byte[] bytes = rest.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        while (i < bytes.length) {
            int lineEnd = indexOf(bytes, i);
            int size = Integer.parseInt(new String(bytes, i, lineEnd - i, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(new String(bytes, lineEnd + 2, size, StandardCharsets.UTF_8));
            i = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("no line end after " + from);
    }

    /** Server-Sent Events of a complete SSE body, as (event, data) pairs. */
    static List<Map.Entry<String, String>> events(String sse) {
        List<Map.Entry<String, String>> events = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            if (event != null) {
                events.add(Map.entry(event, data.toString()));
            }
        }
        return events;
    }
}
