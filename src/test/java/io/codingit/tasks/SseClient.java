package io.codingit.tasks;

import io.codingit.support.TestApi;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream event by event, on a thread of its own. */
final class SseClient implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    record Event(String id, String event, String data) {
        JsonNode json() {
            return TestApi.JSON.readTree(data);
        }
    }

    private static final Event END_OF_STREAM = new Event(null, "<closed>", null);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final int status;
    private final String contentType;
    private final Stream<String> lines;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.lines = response.body();
        Thread.ofVirtual().start(this::read);
    }

    static SseClient open(String baseUrl, String path, String token, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseClient(CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    private void read() {
        String id = null;
        String event = null;
        StringBuilder data = null;
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, event == null ? "message" : event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).strip());
                }
            }
        } catch (RuntimeException closed) {
            // closed by the test
        } finally {
            events.add(END_OF_STREAM);
        }
    }

    /** The next event, or null after {@code timeout} or at the end of the stream. */
    Event next(Duration timeout) throws InterruptedException {
        Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return e == END_OF_STREAM ? null : e;
    }

    /** Every event until the stream ends (fails after {@code timeout}). */
    List<Event> untilEnd(Duration timeout) throws InterruptedException {
        List<Event> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("the stream did not end within " + timeout + "; got " + all);
            }
            if (e == END_OF_STREAM) {
                return all;
            }
            all.add(e);
        }
    }

    @Override
    public void close() {
        lines.close();
    }
}
