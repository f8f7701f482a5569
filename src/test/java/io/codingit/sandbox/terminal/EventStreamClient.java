package io.codingit.sandbox.terminal;

import io.codingit.support.TestApi;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Reads a Server-Sent Events response one event at a time, as it arrives; closing it hangs up. */
final class EventStreamClient implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Event(String type, JsonNode data) {
    }

    private final int status;
    private final InputStream body;
    private final BufferedReader reader;

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.body = response.body();
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    static EventStreamClient open(String url, String token, String method, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(body)));
        }
        return new EventStreamClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return status;
    }

    /** The next event (comments skipped), or null at the end of the stream. */
    Event next() throws IOException {
        String type = null;
        String data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (type != null) {
                    return new Event(type, TestApi.JSON.readTree(data));
                }
            } else if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
