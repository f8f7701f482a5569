package io.codingit.mcp.internal;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** One tool call: who calls, its arguments, and the means to report progress and to be cancelled. */
final class ToolContext {
    private final McpSyncServerExchange exchange;
    private final McpCall call;
    private final Arguments arguments;
    private final Object progressToken;
    private final InFlightCalls inFlight;
    private final Duration progressInterval;
    private final AtomicInteger progress = new AtomicInteger();

    ToolContext(McpSyncServerExchange exchange, McpCall call, Arguments arguments, Object progressToken,
                InFlightCalls inFlight, Duration progressInterval) {
        this.exchange = exchange;
        this.call = call;
        this.arguments = arguments;
        this.progressToken = progressToken;
        this.inFlight = inFlight;
        this.progressInterval = progressInterval;
    }

    String userId() {
        return call.user().id();
    }

    Arguments arguments() {
        return arguments;
    }

    /** Sends a progress notification when the client asked for them (a progress token in the request). */
    void progress(String message) {
        if (progressToken != null) {
            exchange.progressNotification(new McpSchema.ProgressNotification(progressToken,
                    progress.incrementAndGet(), null, message));
        }
    }

    /**
     * Runs {@code work} on a virtual thread of its own while this thread reports progress every interval; a
     * client's cancellation interrupts the work (a command in a sandbox is killed by that) and ends the call.
     */
    <T> T runCancellable(String what, Supplier<T> work) {
        FutureTask<T> task = new FutureTask<>(work::get);
        Thread worker = Thread.ofVirtual().name("mcp-call-" + call.requestId()).start(task);
        long started = System.nanoTime();
        try (InFlightCalls.Registration ignored = inFlight.register(call, () -> task.cancel(true))) {
            while (true) {
                try {
                    return task.get(progressInterval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    progress(what + " running for " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
                }
            }
        } catch (java.util.concurrent.CancellationException e) {
            throw new CallCancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new CallCancelledException();
        }
    }

    /** The client cancelled the call; its answer is not read any more. */
    static final class CallCancelledException extends RuntimeException {
        CallCancelledException() {
            super("the call was cancelled by the client", null, false, false);
        }
    }
}
