package io.codingit.chat.internal;

import io.codingit.llm.LlmEvent;
import io.codingit.llm.LlmFailure;
import io.codingit.llm.LlmStream;
import io.codingit.llm.LlmUsage;
import io.codingit.web.ErrorLog;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A generation seen as a fragment: only the JSON object of the model's output passes. {@link #awaitStart}
 * runs before the response is committed, so that a failure before the first byte can still be a
 * JSON error with its status; {@link #writeTo} streams the rest. Either way the upstream is closed
 * at the end, and also when writing fails because the client went away — unless the {@link FragmentOutcome}
 * outlives the client (a project chat): then the model is read to its end and the outcome told, and only
 * then is the client's failure reported.
 */
final class FragmentStream {
    static final LlmFailure NO_FRAGMENT = new LlmFailure(500, "provider_error", "The model did not generate a fragment. Please try again.");
    static final LlmFailure INCOMPLETE = new LlmFailure(500, "provider_error", "The model's answer is not a complete fragment. Please try again.");

    private final LlmStream upstream;
    private final JsonObjectExtractor extractor = new JsonObjectExtractor();
    private final JsonMapper json;
    private final FragmentOutcome outcome;
    private String pending = "";
    private LlmEvent terminal;
    private IOException clientFailure;
    private boolean settled;

    FragmentStream(LlmStream upstream, JsonMapper json) {
        this(upstream, json, FragmentOutcome.NONE);
    }

    FragmentStream(LlmStream upstream, JsonMapper json, FragmentOutcome outcome) {
        this.upstream = upstream;
        this.json = json;
        this.outcome = outcome;
    }

    /** Waits for the first part of the object; returns the failure if the generation fails before it. */
    LlmFailure awaitStart() throws InterruptedException {
        try {
            while (pending.isEmpty()) {
                LlmEvent event = upstream.next();
                switch (event) {
                    case LlmEvent.Delta delta -> pending = extractor.accept(delta.text());
                    case LlmEvent.Failed failed -> {
                        fail();
                        return failed.failure();
                    }
                    case LlmEvent.Completed completed -> {
                        fail();
                        return NO_FRAGMENT;
                    }
                }
            }
            return null;
        } catch (InterruptedException | RuntimeException e) {
            upstream.close();
            fail();
            throw e;
        }
    }

    /** Streams the object from where {@link #awaitStart} stopped until the generation ends. */
    void writeTo(OutputStream out, StreamFormat format) throws IOException {
        try {
            send(out, () -> format.delta(out, json, pending));
            outcome.started();
            while (terminal == null) {
                LlmEvent event = upstream.next();
                switch (event) {
                    case LlmEvent.Delta delta -> {
                        String part = extractor.accept(delta.text());
                        if (!part.isEmpty()) {
                            send(out, () -> format.delta(out, json, part));
                        }
                    }
                    case LlmEvent.Failed failed -> {
                        terminal = failed;
                        fail();
                        ErrorLog.answered(failed.failure().status(), failed.failure().message() + " (in the stream)", null);
                        send(out, () -> format.error(out, json, failed.failure()));
                    }
                    case LlmEvent.Completed completed -> {
                        terminal = completed;
                        finish(out, format, completed.usage());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            upstream.close();
            fail();
        }
        if (clientFailure != null) {
            throw clientFailure;
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    /**
     * Writes and flushes, unless the client is gone. A failed write ends the stream at once, or, when the
     * outcome outlives the client, only the writing.
     */
    private void send(OutputStream out, Write write) throws IOException {
        if (clientFailure != null) {
            return;
        }
        try {
            write.run();
            out.flush();
        } catch (IOException clientGone) {
            if (!outcome.outlivesClient()) {
                throw clientGone;
            }
            clientFailure = clientGone;
        }
    }

    private void finish(OutputStream out, StreamFormat format, LlmUsage usage) throws IOException {
        JsonNode object = parsedObject();
        if (object == null) {
            fail();
            ErrorLog.answered(INCOMPLETE.status(), INCOMPLETE.message() + " (in the stream)", null);
            send(out, () -> format.error(out, json, INCOMPLETE));
        } else {
            settled = true;
            Map<String, Object> saved = outcome.completed(extractor.object());
            send(out, () -> format.done(out, json, object, usage, saved));
        }
    }

    /** Tells the outcome of a failure once, unless it has already heard how the generation ended. */
    private void fail() {
        if (!settled) {
            settled = true;
            outcome.failed();
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
