package io.codingit.chat.internal;

import io.codingit.llm.LlmFailure;
import io.codingit.llm.LlmUsage;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a fragment stream is written. {@link #TEXT} (the default, what {@code useObject} reads): the
 * raw JSON text, chunk by chunk, and a failure can only end the stream early. {@link #SSE}: typed
 * events {@code delta} {text}, {@code error} {status, message} and {@code done} {object, usage}.
 */
enum StreamFormat {
    TEXT(new MediaType("text", "plain", StandardCharsets.UTF_8)) {
        @Override
        void delta(OutputStream out, JsonMapper json, String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        void done(OutputStream out, JsonMapper json, JsonNode object, LlmUsage usage, Map<String, Object> saved) {
        }

        @Override
        void error(OutputStream out, JsonMapper json, LlmFailure failure) {
        }
    },
    SSE(new MediaType("text", "event-stream", StandardCharsets.UTF_8)) {
        @Override
        void delta(OutputStream out, JsonMapper json, String text) throws IOException {
            event(out, json, "delta", Map.of("text", text));
        }

        @Override
        void done(OutputStream out, JsonMapper json, JsonNode object, LlmUsage usage, Map<String, Object> saved)
                throws IOException {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("object", object);
            Map<String, Object> tokens = new LinkedHashMap<>();
            tokens.put("promptTokens", usage.inputTokens());
            tokens.put("completionTokens", usage.outputTokens());
            tokens.put("totalTokens", usage.totalTokens());
            data.put("usage", tokens);
            if (saved != null) {
                data.put("saved", saved);
            }
            event(out, json, "done", data);
        }

        @Override
        void error(OutputStream out, JsonMapper json, LlmFailure failure) throws IOException {
            event(out, json, "error", Map.of("status", failure.status(), "code", failure.code(), "message", failure.message()));
        }

        private static void event(OutputStream out, JsonMapper json, String name, Object data) throws IOException {
            // JSON never contains a raw newline, so one data line carries the whole payload.
            out.write(("event: " + name + "\ndata: " + json.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
    };

    private final MediaType contentType;

    StreamFormat(MediaType contentType) {
        this.contentType = contentType;
    }

    MediaType contentType() {
        return contentType;
    }

    static StreamFormat forAccept(String accept) {
        return accept != null && accept.toLowerCase().contains("text/event-stream") ? SSE : TEXT;
    }

    abstract void delta(OutputStream out, JsonMapper json, String text) throws IOException;

    /** @param saved where a project chat stored the fragment (SSE only), or null */
    abstract void done(OutputStream out, JsonMapper json, JsonNode object, LlmUsage usage, Map<String, Object> saved)
            throws IOException;

    abstract void error(OutputStream out, JsonMapper json, LlmFailure failure) throws IOException;
}
