package io.codingit.chat.internal;

import io.codingit.llm.LlmEvent;
import io.codingit.llm.LlmFailure;
import io.codingit.llm.LlmStream;
import io.codingit.llm.LlmUsage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A generation seen as a fragment: only the JSON object of the model's output passes. {@link #awaitStart}
 * runs before the response is committed, so that a failure before the first byte can still be a
 * JSON error with its status; {@link #writeTo} streams the rest. Either way the upstream is closed
 * at the end, and also when writing fails because the client went away.
 */
final class FragmentStream {
    static final LlmFailure NO_FRAGMENT = new LlmFailure(500, "The model did not generate a fragment. Please try again.");
    static final LlmFailure INCOMPLETE = new LlmFailure(500, "The model's answer is not a complete fragment. Please try again.");

    private final LlmStream upstream;
    private final JsonObjectExtractor extractor = new JsonObjectExtractor();
    private final JsonMapper json;
    private String pending = "";
    private LlmEvent terminal;

    FragmentStream(LlmStream upstream, JsonMapper json) {
        this.upstream = upstream;
        this.json = json;
    }

    /** Waits for the first part of the object; returns the failure if the generation fails before it. */
    LlmFailure awaitStart() throws InterruptedException {
        try {
            while (pending.isEmpty()) {
                LlmEvent event = upstream.next();
                switch (event) {
                    case LlmEvent.Delta delta -> pending = extractor.accept(delta.text());
                    case LlmEvent.Failed failed -> {
                        return failed.failure();
                    }
                    case LlmEvent.Completed completed -> {
                        return NO_FRAGMENT;
                    }
                }
            }
            return null;
        } catch (InterruptedException | RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    /** Streams the object from where {@link #awaitStart} stopped until the generation ends. */
    void writeTo(OutputStream out, StreamFormat format) throws IOException {
        try {
            format.delta(out, json, pending);
            out.flush();
            while (terminal == null) {
                LlmEvent event = upstream.next();
                switch (event) {
                    case LlmEvent.Delta delta -> {
                        String part = extractor.accept(delta.text());
                        if (!part.isEmpty()) {
                            format.delta(out, json, part);
                            out.flush();
                        }
                    }
                    case LlmEvent.Failed failed -> {
                        terminal = failed;
                        format.error(out, json, failed.failure());
                    }
                    case LlmEvent.Completed completed -> {
                        terminal = completed;
                        finish(out, format, completed.usage());
                    }
                }
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            upstream.close();
        }
    }

    private void finish(OutputStream out, StreamFormat format, LlmUsage usage) throws IOException {
        JsonNode object = parsedObject();
        if (object == null) {
            format.error(out, json, INCOMPLETE);
        } else {
            format.done(out, json, object, usage);
        }
    }

    private JsonNode parsedObject() {
        if (!extractor.complete()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(extractor.object());
            return node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
