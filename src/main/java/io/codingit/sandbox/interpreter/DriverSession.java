package io.codingit.sandbox.interpreter;

import io.codingit.common.PipeReaders;
import io.codingit.sandbox.ExecutionError;
import io.codingit.sandbox.spi.InterpreterProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * This server's session with the sandbox's driver (which the agent runs and every server shares): writes
 * requests to it, reads its events on a virtual thread and routes those of this session's cell in flight.
 * Cell ids start at a random point so that two servers' cells never share one. docs/interpreter.md
 * describes the protocol.
 */
final class DriverSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DriverSession.class);
    private static final int MAX_DIAGNOSTIC_CHARS = 4000;

    private final InterpreterProcess process;
    private final Supplier<SandboxFate> sandboxFate;
    private final JsonMapper json;
    private final MimeBundles bundles;
    private final InterpreterProperties properties;
    private final OutputStream requests;
    private final AtomicLong cellIds = new AtomicLong(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 50));
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch exited = new CountDownLatch(1);
    private final StringBuilder diagnostics = new StringBuilder();
    private volatile CellRun current;

    private DriverSession(InterpreterProcess process, Supplier<SandboxFate> sandboxFate, JsonMapper json,
                          InterpreterProperties properties) {
        this.process = process;
        this.sandboxFate = sandboxFate;
        this.json = json;
        this.bundles = new MimeBundles(json);
        this.properties = properties;
        this.requests = process.stdin();
    }

    /** Joins the sandbox's driver, or starts it and waits until its shell is ready. */
    static DriverSession start(ProcessStarter starter, Supplier<SandboxFate> sandboxFate, JsonMapper json,
                               InterpreterProperties properties)
            throws InterpreterStartException, InterruptedException {
        InterpreterProcess process;
        try {
            process = starter.start(DriverProgram.command(properties), json.writeValueAsString(DriverProgram.source()),
                    properties.maxEventSize().toBytes());
        } catch (RuntimeException e) {
            throw new InterpreterStartException("Python could not be started in the sandbox: " + e.getMessage());
        }
        DriverSession session = new DriverSession(process, sandboxFate, json, properties);
        try {
            session.begin();
        } catch (InterpreterStartException | InterruptedException | RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** A driver another session started may still be importing: requests wait in its input meanwhile. */
    private void begin() throws InterpreterStartException, InterruptedException {
        PipeReaders.start("interpreter-events", this::readEvents);
        PipeReaders.start("interpreter-diagnostics", this::readDiagnostics);
        if (!process.started()) {
            ready.countDown();
            return;
        }
        Duration timeout = properties.startTimeout();
        if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new InterpreterStartException(exited.getCount() == 0
                    ? "the Python interpreter exited while starting: " + diagnostics()
                    : "the Python interpreter did not start within " + timeout.toSeconds() + " s");
        }
    }

    boolean isAlive() {
        return exited.getCount() > 0 && process.isAlive();
    }

    /** Sends a cell; its events arrive on the returned run. Only one cell may be in flight. */
    CellRun submit(String code, io.codingit.sandbox.ExecutionListener listener) {
        CellRun run = new CellRun(cellIds.incrementAndGet(), listener, properties.outputLimit().toBytes());
        current = run;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", "execute");
        request.put("id", run.id());
        request.put("code", code);
        try {
            send(json.writeValueAsString(request));
        } catch (UncheckedIOException e) {
            run.fail(died());
        }
        if (!isAlive() && !run.isEnded()) {
            run.fail(died());
        }
        return run;
    }

    /** Asks the driver to raise KeyboardInterrupt in the running cell, for its timeout (the error is replaced). */
    void interrupt(CellRun run) {
        run.markInterruptedForTimeout();
        sendInterrupt(run);
    }

    /** Asks the driver to raise KeyboardInterrupt in the running cell, for the person who stopped it: the cell's error. */
    void sendInterrupt(CellRun run) {
        try {
            send(json.writeValueAsString(Map.of("type", "interrupt", "id", run.id())));
        } catch (UncheckedIOException e) {
            log.debug("interrupt could not be sent; the driver is gone", e);
        }
    }

    /** Ends the driver, for every server (a timeout it did not survive, its sandbox gone). */
    @Override
    public void close() {
        process.destroy();
    }

    /** Closes this server's connection only; the driver and its state stay. */
    void detach() {
        process.detach();
    }

    private synchronized void send(String line) {
        try {
            requests.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            requests.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readEvents() {
        LineReader lines = new LineReader(process.stdout(), (int) properties.maxEventSize().toBytes());
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line == LineReader.OVERSIZED) {
                    oversized();
                } else {
                    dispatchLine(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("interpreter event stream ended", e);
        } finally {
            exited.countDown();
            CellRun run = current;
            if (run != null && !run.isEnded()) {
                run.fail(died());
            }
            process.destroy();
        }
    }

    /** A line that is not JSON can only come from user code writing to the event channel; it is dropped. */
    private void dispatchLine(String line) {
        JsonNode event;
        try {
            event = json.readTree(line);
        } catch (RuntimeException e) {
            log.debug("dropped a malformed interpreter event");
            return;
        }
        dispatch(event);
    }

    private void dispatch(JsonNode event) {
        String type = event.path("type").asString("");
        if (type.equals("ready")) {
            ready.countDown();
            return;
        }
        if (type.equals("agent_dropped")) {
            oversized(); // the agent dropped a line longer than maxEventSize
            return;
        }
        CellRun run = current;
        if (run == null || event.path("id").asLong(-1) != run.id()) {
            return; // late output of an earlier cell (e.g. a background thread); it belongs to no request
        }
        switch (type) {
            case "stdout" -> run.stdout(event.path("text").asString(""));
            case "stderr" -> run.stderr(event.path("text").asString(""));
            case "result" -> run.result(bundles.toResult(event.path("bundle"), event.path("main").asBoolean(false)));
            case "error" -> run.error(new ExecutionError(event.path("name").asString(""),
                    event.path("value").asString(""), traceback(event.path("traceback"))));
            case "end" -> run.end(event.path("executionCount").isInt() ? event.path("executionCount").asInt() : null);
            default -> log.debug("unknown interpreter event {}", type);
        }
    }

    private void oversized() {
        CellRun run = current;
        if (run != null) {
            run.stderr("[a result larger than " + properties.maxEventSize().toBytes() + " bytes was dropped]\n");
        }
    }

    private static String traceback(JsonNode lines) {
        if (!lines.isArray()) {
            return lines.asString("");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode line : lines) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(line.asString(""));
        }
        return text.toString();
    }

    /** The driver's own stderr: only Python's fatal messages, since user output goes through events. */
    private void readDiagnostics() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.stderr()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                synchronized (diagnostics) {
                    if (diagnostics.length() < MAX_DIAGNOSTIC_CHARS) {
                        diagnostics.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            log.debug("interpreter diagnostics ended", e);
        }
    }

    private String diagnostics() {
        synchronized (diagnostics) {
            String text = diagnostics.toString().strip();
            return text.isEmpty() ? "(no output)" : text;
        }
    }

    private ExecutionError died() {
        OptionalInt exit = OptionalInt.empty();
        try {
            exit = process.waitFor(Duration.ofMillis(500));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SandboxFate fate = sandboxFate.get();
        if (fate == SandboxFate.ENDED_ON_REQUEST) {
            // killed with its sandbox (DELETE, expiry): nothing restarts, and memory had nothing to do with it
            return new ExecutionError("SandboxKilled", "The sandbox was killed while this cell was running, so it "
                    + "no longer exists: create a new sandbox to run code again.", "");
        }
        if (fate == SandboxFate.ENDED_BY_ITSELF) {
            // nobody asked for it (docs/sandbox.md, "Isolation levels"): the host's OOM killer ends a gvisor sandbox's
            // one process that holds all its memory, and with it the whole sandbox
            return new ExecutionError("InterpreterDied", "The sandbox ended by itself while this cell was running, "
                    + "most likely out of memory (at the gvisor isolation level all of a sandbox's memory is one "
                    + "process's, so running out of it ends the whole sandbox). All variables and imports are lost: "
                    + "create a new sandbox to run code again.", diagnostics());
        }
        String how = exit.isPresent() ? describeExit(exit.getAsInt()) : "stopped responding";
        return new ExecutionError("InterpreterDied",
                "The Python interpreter " + how + " while running this cell. It restarts on the next execution; "
                        + "all variables and imports are lost.",
                diagnostics());
    }

    private static String describeExit(int code) {
        if (code == 137 || code == 9) {
            return "was killed (exit code " + code + ", most likely out of memory)";
        }
        return "exited with code " + code;
    }
}
