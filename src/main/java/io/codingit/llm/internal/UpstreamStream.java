package io.codingit.llm.internal;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import io.codingit.llm.LlmEvent;
import io.codingit.llm.LlmFailure;
import io.codingit.llm.LlmStream;
import io.codingit.llm.LlmUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bridges LangChain4j's callbacks (on the HTTP client's threads) to a pull-based stream (on the
 * request's virtual thread) through a queue. Timeouts are ours, not the HTTP client's, because a
 * streaming response is "received" as soon as its headers arrive.
 * <p>
 * The queue is bounded: when the caller reads slower than the provider writes, the reading thread
 * waits, the JDK client stops asking for more of that response and TCP holds the provider back. So
 * a client that stops reading costs a bounded amount of memory (not the whole generation, which a
 * caller-chosen base URL could make endless) and holds back only its own upstream request; the
 * shared client keeps serving the others. {@link #close()} interrupts a waiting reader.
 */
final class UpstreamStream implements LlmStream, StreamingChatResponseHandler {
    private static final Logger log = LoggerFactory.getLogger(UpstreamStream.class);
    /** Pieces buffered ahead of the caller (a piece is a token or a few). */
    static final int BUFFERED_EVENTS = 256;

    private final LinkedBlockingQueue<LlmEvent> events = new LinkedBlockingQueue<>(BUFFERED_EVENTS);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final UpstreamCall call;
    private final boolean callerBroughtKey;
    private final String upstream;
    /** the request's logging context (its id), for a line logged on the HTTP client's thread */
    private final Map<String, String> logContext = MDC.getCopyOfContextMap();
    private final Duration firstTokenTimeout;
    private final Duration idleTimeout;
    private volatile StreamingHandle handle;
    private boolean receivedAny;
    private boolean finished;

    /** @param upstream the provider and its address, named when it cannot be reached ("provider 'ollama' at http://…") */
    UpstreamStream(UpstreamCall call, boolean callerBroughtKey, String upstream, Duration firstTokenTimeout,
                   Duration idleTimeout) {
        this.call = call;
        this.callerBroughtKey = callerBroughtKey;
        this.upstream = upstream;
        this.firstTokenTimeout = firstTokenTimeout;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public LlmEvent next() throws InterruptedException {
        if (finished) {
            throw new IllegalStateException("the stream has already ended");
        }
        Duration timeout = receivedAny ? idleTimeout : firstTokenTimeout;
        LlmEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            close();
            event = new LlmEvent.Failed(ProviderErrors.timedOut());
        }
        receivedAny = true;
        if (!(event instanceof LlmEvent.Delta)) {
            finished = true;
            close();
        }
        return event;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            StreamingHandle h = handle;
            if (h != null) {
                h.cancel();
            }
            call.cancel();
        }
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
        deliver(partialResponse.text(), context.streamingHandle());
    }

    /**
     * The arguments of a forced tool call (Anthropic's structured output) are the answer's JSON,
     * streamed piece by piece: passed on exactly as generated text would be.
     */
    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
        deliver(partialToolCall.partialArguments(), context.streamingHandle());
    }

    private void deliver(String text, StreamingHandle streamingHandle) {
        handle = streamingHandle;
        if (closed.get()) {
            streamingHandle.cancel();
            return;
        }
        if (text != null && !text.isEmpty()) {
            push(new LlmEvent.Delta(text));
        }
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        TokenUsage usage = response.tokenUsage();
        push(new LlmEvent.Completed(usage == null ? new LlmUsage(null, null, null)
                : new LlmUsage(usage.inputTokenCount(), usage.outputTokenCount(), usage.totalTokenCount())));
    }

    @Override
    public void onError(Throwable error) {
        if (!closed.get()) {
            LlmFailure failure = ProviderErrors.naming(ProviderErrors.map(error, callerBroughtKey), upstream);
            if (failure.status() == 500) {
                logUnexpected(error);
            }
            push(new LlmEvent.Failed(failure));
        }
    }

    /** The caller is told only "unexpected": the operator needs what the provider actually did. */
    private void logUnexpected(Throwable error) {
        if (logContext != null) {
            MDC.setContextMap(logContext);
        }
        try {
            log.warn("unexpected failure of the {}: {}", upstream, error.toString(), error);
        } finally {
            MDC.clear();
        }
    }

    /** Waits for room in the queue (the back-pressure); gives up when the stream is closed meanwhile. */
    private void push(LlmEvent event) {
        try {
            while (!closed.get()) {
                if (events.offer(event, 1, TimeUnit.SECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() interrupts a waiting reader; it stops here and the parser ends on the closed body
            Thread.currentThread().interrupt();
        }
    }
}
