package io.codingit.projects;

import io.codingit.chat.ChatClient;
import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.TestApi;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** One user's view of the projects API in tests, with the fake model server writing the fragments. */
final class ProjectsClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    final TestApi api;
    final String token;
    final FakeLlmServer upstream;

    ProjectsClient(TestApi anonymous, String token, FakeLlmServer upstream) {
        this.api = anonymous.as(token);
        this.token = token;
        this.upstream = upstream;
    }

    static String fragment(String title, String code) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("commentary", "I write " + title);
        f.put("template", "code-interpreter-v1");
        f.put("title", title);
        f.put("description", "About " + title);
        f.put("additional_dependencies", List.of());
        f.put("has_additional_dependencies", false);
        f.put("install_dependencies_command", "");
        f.put("port", null);
        f.put("file_path", "script.py");
        f.put("code", code);
        return TestApi.JSON.writeValueAsString(f);
    }

    String createProject(String name) {
        TestApi.Response r = api.post("/api/projects", Map.of("name", name, "template", "code-interpreter-v1"));
        if (r.status() != 201) {
            throw new IllegalStateException("create project: " + r);
        }
        return r.json().get("id").asString();
    }

    Map<String, Object> chatBody(String projectId, String chatId, String prompt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        body.put("model", Map.of("id", "gpt-test", "providerId", "openai"));
        body.put("config", Map.of("apiKey", "sk-projects-test", "baseURL", upstream.baseUrl()));
        body.put("template", "code-interpreter-v1");
        if (projectId != null) {
            body.put("projectId", projectId);
        }
        if (chatId != null) {
            body.put("chatId", chatId);
        }
        return body;
    }

    /** The answer of one turn: the response and its SSE events. */
    record Turn(TestApi.Response response, List<Map.Entry<String, JsonNode>> events) {
        JsonNode done() {
            return events.stream().filter(e -> e.getKey().equals("done")).map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new AssertionError("no done event in " + response));
        }

        String chatId() {
            return response.header("X-Chat-Id");
        }
    }

    /** One chat turn whose fragment the fake model writes; {@code chatId} null starts a new chat. */
    Turn say(String projectId, String chatId, String prompt, String fragmentJson) {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(Wire.pieces(fragmentJson, 9))));
        TestApi.Response r = api.withHeader("Accept", "text/event-stream").post("/api/chat", chatBody(projectId, chatId, prompt));
        return new Turn(r, r.status() == 200 ? events(r.body()) : List.of());
    }

    static List<Map.Entry<String, JsonNode>> events(String sse) {
        List<Map.Entry<String, JsonNode>> events = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            String event = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (event != null) {
                events.add(Map.entry(event, TestApi.JSON.readTree(data)));
            }
        }
        return events;
    }

    /** Sends a chat request over a plain socket, so the test can hang up whenever it likes. */
    Socket openRaw(Map<String, Object> body) throws IOException {
        return new ChatClient(api, token).openRaw(body, "text/event-stream");
    }

    JsonNode messages(String projectId, String chatId) {
        TestApi.Response r = api.get("/api/projects/" + projectId + "/chats/" + chatId + "/messages");
        if (r.status() != 200) {
            throw new IllegalStateException("messages: " + r);
        }
        return r.json().get("messages");
    }

    /** GET returning bytes (exports, images). */
    HttpResponse<byte[]> getBytes(String path, boolean authenticated) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).timeout(Duration.ofSeconds(30)).GET();
        if (authenticated) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    TestApi.Response importZip(byte[] zip) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/projects/import"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)).build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new TestApi.Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static SortedMap<String, String> unzip(byte[] zip) {
        SortedMap<String, String> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), java.util.HexFormat.of().formatHex(in.readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
