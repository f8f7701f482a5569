package io.codingit.sandbox.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.CommandState;
import io.codingit.sandbox.spi.InterpreterProcess;
import io.codingit.sandbox.spi.PortConnection;
import io.codingit.sandbox.spi.SandboxProcess;
import io.codingit.sandbox.spi.TerminalProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One sandbox's agent, reached through its endpoint and authenticated with its secret
 * (docs/sandbox-protocol.md). When the agent cannot be reached at all (its socket is gone, the
 * connection is refused, the pod vanished) every call throws what {@code unreachable} supplies: the
 * provider passes the SPI's gone-sandbox exception, so callers see a gone sandbox, never a 500.
 */
public final class AgentClient {
    /** Bytes of output kept by the agent per started process for attach and replay. */
    static final long PROCESS_REPLAY_BYTES = 8L * 1024 * 1024;
    /** Bytes of a terminal's output the agent keeps: only what arrives before the attach needs replaying. */
    static final long TERMINAL_REPLAY_BYTES = 256L * 1024;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final AgentEndpoint endpoint;
    private final AgentSecret secret;
    private final AgentTransport transport;
    private final Supplier<? extends RuntimeException> unreachable;
    /** The socket file whose agent last answered a health call ({@link #stillAnswers}). */
    private volatile Object answeredFileKey;
    private final RelayChannels channels = new RelayChannels((port, listener) -> connect("/v1/ports/" + port + "/channel", listener));

    public AgentClient(AgentEndpoint endpoint, AgentSecret secret, AgentTransport transport,
                       Supplier<? extends RuntimeException> unreachable) {
        this.endpoint = endpoint;
        this.secret = secret;
        this.transport = transport;
        this.unreachable = unreachable;
        transport.register(endpoint);
    }

    /** Forgets the endpoint (its sandbox is gone); calls afterwards fail as unreachable. */
    public void close() {
        channels.close();
        transport.unregister(endpoint);
    }

    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /** The agent's health answer, or the unreachable exception. */
    public JsonNode health() {
        return json(HttpMethod.GET, "/v1/health", null, CALL_TIMEOUT);
    }

    /** Whether the agent answers its health call (false when it cannot be reached). */
    public boolean answers() {
        try {
            health();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether the agent is still there, at a small part of a health call's cost when it listens on a unix socket
     * (what a preview request asks every time, through a server that did not start the sandbox): once a health call
     * answered, the same socket file (its file key: device and inode) still accepting a connection counts as the same
     * agent alive. A killed sandbox's agent accepts no more (refused, or the file is gone); an agent started again
     * (a resumed sandbox) listens on a new file, which gets a health call again. TCP endpoints get the health call.
     */
    public boolean stillAnswers() {
        if (!(endpoint instanceof AgentEndpoint.Unix unix)) {
            return answers();
        }
        Object fileKey;
        try {
            fileKey = java.nio.file.Files.readAttributes(unix.socket(), java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey();
        } catch (IOException e) {
            return false;
        }
        if (fileKey != null && fileKey.equals(answeredFileKey)) {
            try (java.nio.channels.SocketChannel probe = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                return probe.connect(java.net.UnixDomainSocketAddress.of(unix.socket()));
            } catch (IOException e) {
                return false;
            }
        }
        boolean answers = answers();
        answeredFileKey = answers ? fileKey : null;
        return answers;
    }

    /**
     * Runs a command to completion through {@code POST /v1/commands/run}: the same result as the local
     * provider gave before the agent (truncation and timeout markers included).
     */
    public CommandResult run(Command command, Duration timeout, long outputLimit) {
        Map<String, Object> body = commandBody(command);
        body.put("timeoutMs", timeout.toMillis());
        body.put("outputLimit", outputLimit);
        JsonNode r = json(HttpMethod.POST, "/v1/commands/run", body, timeout.plus(CALL_TIMEOUT));
        boolean timedOut = r.path("timedOut").asBoolean();
        String stdout = withTruncation(r.path("stdout").asString(), r.path("stdoutBytes").asLong(), outputLimit);
        String stderr = withTruncation(r.path("stderr").asString(), r.path("stderrBytes").asLong(), outputLimit);
        if (timedOut) {
            stderr = stderr + (stderr.isEmpty() ? "" : "\n") + "[command timed out after " + timeout.toMillis() + " ms]";
        }
        boolean truncated = r.path("stdoutTruncated").asBoolean() || r.path("stderrTruncated").asBoolean();
        return new CommandResult(r.path("exitCode").asInt(), stdout, stderr, timedOut, truncated);
    }

    private static String withTruncation(String text, long total, long limit) {
        return total > limit ? text + "\n[output truncated: " + (total - limit) + " more bytes]" : text;
    }

    /** Starts a command with its standard streams attached over a WebSocket. */
    public SandboxProcess start(Command command) {
        Map<String, Object> body = commandBody(command);
        body.put("stdin", true);
        body.put("replayBytes", PROCESS_REPLAY_BYTES);
        return startAttached(body);
    }

    /** Starts the command and attaches to its streams from the start; a command that cannot be attached is removed. */
    private AgentProcess startAttached(Map<String, Object> body) {
        JsonNode started = json(HttpMethod.POST, "/v1/commands", body, CALL_TIMEOUT);
        String id = started.path("id").asString();
        AgentProcess process = new AgentProcess(this, id);
        try {
            connect("/v1/commands/" + id + "/attach?from=0", process.listener());
        } catch (RuntimeException e) {
            deleteQuietly("/v1/commands/" + id);
            throw e;
        }
        return process;
    }

    /**
     * Starts a command on a pseudo-terminal the agent opens ({@code "pty"}), killed when its last attached client
     * leaves ({@code "killOnDetach"}): a terminal whose browser went away, or whose server died, leaves nothing.
     */
    public TerminalProcess terminal(Command command, int cols, int rows) {
        Map<String, Object> body = commandBody(command); // keystrokes go over the attach socket, not a stdin pipe
        body.put("pty", Map.of("cols", cols, "rows", rows));
        body.put("killOnDetach", true);
        body.put("replayBytes", TERMINAL_REPLAY_BYTES);
        body.put("tag", "terminal");
        return startAttached(body);
    }

    /**
     * Connects to {@code 127.0.0.1:<port>} inside the sandbox through one of the agent's relay channels, reused from
     * connection to connection ({@link RelayChannels}); a port nothing listens on ends the connection at once (the
     * receiver is told it is closed). An agent that cannot be reached throws the unreachable exception.
     */
    public PortConnection connect(int port, PortConnection.Receiver receiver) {
        return channels.connect(port, receiver);
    }

    /**
     * Joins the sandbox's interpreter called {@code name}, or starts it with {@code bootstrap} as its first input
     * line ({@code POST /v1/interpreters} with a name, then its channel): whichever server asks, the same driver.
     * A joining server's channel starts at the driver's current line; the starting one's at its first, so it sees
     * the driver say ready.
     */
    public InterpreterProcess interpreter(String name, Command command, String bootstrap, long maxLineBytes) {
        Map<String, Object> body = commandBody(command);
        body.put("name", name);
        body.put("bootstrap", bootstrap);
        body.put("maxLineBytes", maxLineBytes);
        JsonNode answer = json(HttpMethod.POST, "/v1/interpreters", body, CALL_TIMEOUT);
        String id = answer.path("id").asString();
        boolean started = answer.path("created").asBoolean();
        AgentInterpreter interpreter = new AgentInterpreter(this, id, started);
        try {
            connect("/v1/interpreters/" + id + "/channel?from=" + (started ? "start" : "now"), interpreter.listener());
        } catch (RuntimeException e) {
            if (started) {
                deleteQuietly("/v1/interpreters/" + id);
            }
            throw e;
        }
        return interpreter;
    }

    /** {@link #start(Command)} with a tag the agent lists the command with. */
    public SandboxProcess start(Command command, String tag) {
        Map<String, Object> body = commandBody(command);
        body.put("stdin", true);
        body.put("replayBytes", PROCESS_REPLAY_BYTES);
        body.put("tag", tag);
        JsonNode started = json(HttpMethod.POST, "/v1/commands", body, CALL_TIMEOUT);
        return attach(started.path("id").asString());
    }

    /** {@code GET /v1/commands}: every command the agent keeps, oldest first. */
    public List<CommandState> commands() {
        JsonNode answer = json(HttpMethod.GET, "/v1/commands", null, CALL_TIMEOUT);
        List<CommandState> commands = new java.util.ArrayList<>();
        for (JsonNode c : answer.path("commands")) {
            List<String> argv = new java.util.ArrayList<>();
            c.path("argv").forEach(a -> argv.add(a.asString()));
            commands.add(new CommandState(c.path("id").asString(), c.path("tag").asString(""), argv,
                    Instant.parse(c.path("startedAt").asString()), c.path("running").asBoolean(),
                    c.path("exitCode").isNull() || c.path("exitCode").isMissingNode() ? null : c.path("exitCode").asInt()));
        }
        return commands;
    }

    /** Attaches to a command the agent keeps, from the first byte its replay buffer holds. */
    public SandboxProcess attach(String commandId) {
        AgentProcess process = new AgentProcess(this, commandId);
        try {
            connect("/v1/commands/" + commandId + "/attach?from=0", process.listener());
        } catch (RuntimeException e) {
            deleteQuietly("/v1/commands/" + commandId);
            throw e;
        }
        return process;
    }

    private static Map<String, Object> commandBody(Command command) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("argv", command.argv());
        if (command.cwd() != null) {
            body.put("cwd", command.cwd());
        }
        if (!command.env().isEmpty()) {
            body.put("env", command.env());
        }
        return body;
    }

    /** Opens a WebSocket to the agent; the listener gets the session. */
    Session connect(String target, Session.Listener listener) {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        signedHeaders("GET", target).forEach(upgrade::setHeader);
        upgrade.setTimeout(10, TimeUnit.SECONDS);
        try {
            return transport.webSockets().connect(listener, URI.create("ws://" + endpoint.authority() + target), upgrade)
                    .get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (IOException e) {
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the sandbox agent", e);
        }
    }

    /** A WebSocket upgrade the agent refused carries its status; anything else means it cannot be reached. */
    private RuntimeException failure(Throwable cause) {
        if (cause instanceof org.eclipse.jetty.websocket.api.exceptions.UpgradeException upgrade
                && upgrade.getResponseStatusCode() > 0) {
            return new AgentCallException(upgrade.getResponseStatusCode(), "upgrade_refused",
                    "the sandbox agent refused the connection (" + upgrade.getResponseStatusCode() + ")");
        }
        return unreachable(cause);
    }

    /** The provider's exception for an agent that cannot be reached, with the transport's reason attached. */
    private RuntimeException unreachable(Throwable cause) {
        RuntimeException e = unreachable.get();
        if (cause != null) {
            e.addSuppressed(cause);
        }
        return e;
    }

    JsonNode json(HttpMethod method, String target, Object body, Duration timeout) {
        byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
        try (InputStream in = call(method, target, bytes, "application/json", timeout)) {
            byte[] answer = in.readAllBytes();
            return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** The raw body of a successful call (streamed); an error status becomes {@link AgentCallException}. */
    InputStream call(HttpMethod method, String target, byte[] body, String contentType, Duration timeout) {
        Request request = transport.http().newRequest(URI.create("http://" + endpoint.authority() + target))
                .method(method)
                .idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, String> headers = signedHeaders(method.asString(), target);
        request.headers(h -> headers.forEach(h::put));
        if (body != null) {
            request.body(new BytesRequestContent(contentType, body));
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response;
        try {
            response = listener.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            request.abort(e);
            throw unreachable(e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the sandbox agent", e);
        }
        InputStream in = listener.getInputStream();
        if (response.getStatus() >= 300) {
            throw errorOf(response.getStatus(), in);
        }
        return in;
    }

    private static AgentCallException errorOf(int status, InputStream in) {
        try (in) {
            JsonNode error = JSON.readTree(in.readNBytes(64 * 1024));
            return new AgentCallException(status, error.path("error").asString("unknown"), error.path("message").asString(""));
        } catch (IOException | RuntimeException e) {
            return new AgentCallException(status, "unknown", "the sandbox agent answered " + status);
        }
    }

    void deleteQuietly(String target) {
        try {
            json(HttpMethod.DELETE, target, null, CALL_TIMEOUT);
        } catch (RuntimeException e) {
            // already gone, or the sandbox is
        }
    }

    /** The three authentication headers of one call. */
    Map<String, String> signedHeaders(String method, String target) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return Map.of("X-Codingit-Timestamp", timestamp, "X-Codingit-Nonce", nonce,
                "Authorization", "CodingIT-HMAC-SHA256 " + secret.sign(method, target, timestamp, nonce));
    }

    /** {@code name=value} pairs, percent-encoded, as the target's query. */
    static String query(List<String> namesAndValues) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i + 1 < namesAndValues.size(); i += 2) {
            q.append(q.isEmpty() ? '?' : '&').append(namesAndValues.get(i)).append('=')
                    .append(URLEncoder.encode(namesAndValues.get(i + 1), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return q.toString();
    }

    static JsonMapper json() {
        return JSON;
    }

    @Override
    public String toString() {
        return "AgentClient[" + endpoint.describe() + "]";
    }
}
