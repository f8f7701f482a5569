package io.codingit.sandbox.terminal;

import io.codingit.common.PipeReaders;
import io.codingit.sandbox.spi.Sandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shell per WebSocket. In: {@code {type:"input",data}}, {@code {type:"resize",cols,rows}},
 * {@code {type:"ping"}}. Out: {@code {type:"output",data}}, {@code {type:"exit",code}}, {@code {type:"pong"}},
 * {@code {type:"error",message}} for a frame that could not be understood. The socket closes when the
 * shell ends (also when the sandbox dies, which kills the shell); closing the socket kills the shell and
 * everything it started.
 */
class TerminalSocketHandler extends TextWebSocketHandler {
    private static final Logger log = LoggerFactory.getLogger(TerminalSocketHandler.class);
    private static final int DEFAULT_COLS = 80;
    private static final int DEFAULT_ROWS = 24;
    private static final int SEND_TIME_LIMIT_MS = 10_000;
    private static final int SEND_BUFFER_LIMIT = 4 * 1024 * 1024;

    private final JsonMapper json;
    private final Map<String, TerminalShell> shells = new ConcurrentHashMap<>();
    /** The decorated sessions: every send, from the output relay or a reply to a frame, goes through one. */
    private final Map<String, WebSocketSession> outbound = new ConcurrentHashMap<>();

    TerminalSocketHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) {
        WebSocketSession session = new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, SEND_BUFFER_LIMIT);
        Sandbox sandbox = (Sandbox) raw.getAttributes().get(TerminalHandshake.SANDBOX);
        TerminalShell shell;
        try {
            shell = TerminalShell.start(sandbox, DEFAULT_COLS, DEFAULT_ROWS);
        } catch (RuntimeException e) {
            TerminalSlots.slotOf(raw.getAttributes()).ifPresent(TerminalSlots.Slot::close);
            send(session, Map.of("type", "error", "message", "could not start a shell in sandbox " + sandbox.id()));
            closeQuietly(session, CloseStatus.SERVER_ERROR);
            return;
        }
        shells.put(raw.getId(), shell);
        outbound.put(raw.getId(), session);
        PipeReaders.start("terminal-" + sandbox.id(), () -> relayOutput(session, shell));
    }

    /** Terminal output to the socket as it comes, decoded as UTF-8 across read boundaries; then the exit. */
    private void relayOutput(WebSocketSession session, TerminalShell shell) {
        char[] buffer = new char[16384];
        try (Reader reader = new InputStreamReader(shell.output(), StandardCharsets.UTF_8)) {
            int n;
            while ((n = reader.read(buffer)) > 0) {
                send(session, Map.of("type", "output", "data", new String(buffer, 0, n)));
            }
        } catch (IOException e) {
            // the shell was destroyed
        }
        try {
            send(session, Map.of("type", "exit", "code", shell.exitCode()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shell.close();
        closeQuietly(session, CloseStatus.NORMAL);
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) throws IOException {
        TerminalShell shell = shells.get(raw.getId());
        // replies must not go through the raw session: a send racing the output relay's would fail
        WebSocketSession session = outbound.get(raw.getId());
        if (shell == null || session == null) {
            return;
        }
        JsonNode frame;
        try {
            frame = json.readTree(message.getPayload());
        } catch (RuntimeException e) {
            send(session, Map.of("type", "error", "message", "frames must be JSON objects with a type"));
            return;
        }
        String type = frame.path("type").asString("");
        switch (type) {
            case "input" -> shell.input(frame.path("data").asString(""));
            case "resize" -> {
                int cols = frame.path("cols").asInt(0);
                int rows = frame.path("rows").asInt(0);
                if (cols < 1 || rows < 1 || cols > 1000 || rows > 1000) {
                    send(session, Map.of("type", "error", "message", "resize needs cols and rows between 1 and 1000"));
                } else {
                    shell.resize(cols, rows);
                }
            }
            case "ping" -> send(session, Map.of("type", "pong"));
            default -> send(session, Map.of("type", "error", "message", "unknown frame type '" + type
                    + "'; expected input, resize or ping"));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        TerminalSlots.slotOf(session.getAttributes()).ifPresent(TerminalSlots.Slot::close);
        outbound.remove(session.getId());
        TerminalShell shell = shells.remove(session.getId());
        if (shell != null) {
            shell.close();
        }
    }

    private void send(WebSocketSession session, Map<String, Object> frame) {
        try {
            if (session.isOpen()) {
                session.sendMessage(new TextMessage(json.writeValueAsString(frame)));
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("terminal frame not delivered: {}", e.getMessage());
        }
    }

    private static void closeQuietly(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException e) {
            // already closed
        }
    }
}
