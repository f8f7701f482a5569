package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.spi.InterpreterProcess;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the driver in the warm pool's sandboxes of interpreter templates (those without a port), so that a
 * sandbox handed out of the pool runs its first cell in an interpreter that has already imported Python and
 * IPython: on this 2-core machine that import is about 0.5 s of CPU per sandbox, which is what a burst of new
 * interpreter sandboxes waits for (docs/benchmarks.md, "Interpreter burst"). The driver waits, started and
 * ready, in the agent under the interpreter's name; the first session of its owner joins it like a second server
 * would (docs/interpreter.md). {@code codingit.sandbox.interpreter.warm-start=false} turns it off.
 */
@Component
class InterpreterWarmUp {
    InterpreterWarmUp(SandboxProvider provider, Sandboxes sandboxes, JsonMapper json, InterpreterProperties properties) {
        if (!properties.warmStart()) {
            return;
        }
        for (SandboxTemplate template : sandboxes.templates()) {
            if (template.port() == null && template.available()) {
                provider.warmUpWith(template.id(), sandbox -> startDriver(sandbox, json, properties));
            }
        }
    }

    /** Starts the sandbox's driver and returns once it said ready, leaving it running with no session attached. */
    static void startDriver(Sandbox sandbox, JsonMapper json, InterpreterProperties properties) {
        InterpreterProcess process = sandbox.interpreter(DriverProgram.NAME, DriverProgram.command(properties),
                json.writeValueAsString(DriverProgram.source()), properties.maxEventSize().toBytes());
        if (!process.started()) {
            process.detach();
            return;
        }
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return new LineReader(process.stdout(), (int) properties.maxEventSize().toBytes()).readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, command -> Thread.ofVirtual().name("interpreter-warm-up").start(command));
        String line;
        try {
            line = firstLine.get(properties.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroy();
            throw new IllegalStateException("the interpreter did not start within " + properties.startTimeout().toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IllegalStateException("interrupted while the interpreter started", e);
        }
        if (line == null || !json.readTree(line).path("type").asString("").equals("ready")) {
            // the driver says ready first; anything else is a driver that failed to start: the first cell starts another
            process.destroy();
            throw new IllegalStateException("the interpreter did not start: " + (line == null ? "it exited" : line));
        }
        process.detach();
    }
}
