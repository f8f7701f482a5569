package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.CellResult;
import io.codingit.sandbox.CodeInterpreter;
import io.codingit.sandbox.Execution;
import io.codingit.sandbox.ExecutionError;
import io.codingit.sandbox.ExecutionListener;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Streams one cell's events to an HTTP response: {@code stdout}, {@code stderr}, {@code result},
 * {@code error} as they happen, then {@code end}. The cell runs on its own thread and hands events over a
 * queue, so the response is written by one thread only and a slow client never stalls the interpreter.
 */
final class ExecutionStream implements ExecutionListener {
    private static final Map<String, Object> END_OF_QUEUE = Map.of();

    private final JsonMapper json;
    private final EventFormat format;
    private final FrameSink out;
    private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();

    ExecutionStream(JsonMapper json, EventFormat format, FrameSink out) {
        this.json = json;
        this.format = format;
        this.out = out;
    }

    void run(CodeInterpreter interpreter, String code) throws IOException {
        Thread.ofVirtual().name("interpreter-stream").start(() -> {
            try {
                Execution execution = interpreter.execute(code, null, this);
                Map<String, Object> end = event("end");
                end.put("executionCount", execution.executionCount());
                end.put("failed", execution.error() != null);
                events.add(end);
            } finally {
                events.add(END_OF_QUEUE);
            }
        });
        try {
            Map<String, Object> event;
            while ((event = events.take()) != END_OF_QUEUE) {
                write(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onStdout(String text) {
        Map<String, Object> event = event("stdout");
        event.put("text", text);
        events.add(event);
    }

    @Override
    public void onStderr(String text) {
        Map<String, Object> event = event("stderr");
        event.put("text", text);
        events.add(event);
    }

    @Override
    public void onResult(CellResult result) {
        Map<String, Object> event = event("result");
        event.putAll(json.convertValue(result, Map.class));
        events.add(event);
    }

    @Override
    public void onError(ExecutionError error) {
        Map<String, Object> event = event("error");
        event.put("name", error.name());
        event.put("value", error.value());
        event.put("traceback", error.traceback());
        events.add(event);
    }

    /** Where framed events go, e.g. an HTTP response. */
    @FunctionalInterface
    interface FrameSink {
        void send(String frame) throws IOException;
    }

    private static Map<String, Object> event(String type) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        return event;
    }

    private void write(Map<String, Object> event) throws IOException {
        String data = json.writeValueAsString(event);
        out.send(format.frame(event, data));
    }
}
