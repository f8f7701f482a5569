package io.codingit.sandbox.terminal;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

/** Turns a running command into a streaming HTTP response written by a virtual thread of its own. */
@Component
class CommandEventStreams {
    private final CommandEventStream events;

    CommandEventStreams(JsonMapper json, TerminalProperties properties) {
        this.events = new CommandEventStream(json, properties.heartbeatInterval());
    }

    /**
     * Streams from output byte {@code from}; {@code onClientGone} (may be null) runs when the client leaves
     * before the exit event was written.
     */
    ResponseEntity<ResponseBodyEmitter> respond(RunningCommand command, long from, Runnable onClientGone) {
        // no emitter timeout: the stream ends with the command (foreground commands have their own timeout)
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(0L);
        Runnable clientGone = onClientGone == null ? () -> { } : onClientGone;
        emitter.onError(e -> clientGone.run());
        Thread.ofVirtual().name("command-stream-" + command.id()).start(() -> {
            try {
                if (events.follow(command.output(), from, frame -> emitter.send(frame, MediaType.TEXT_PLAIN))) {
                    emitter.complete();
                } else {
                    clientGone.run();
                    // the response is broken; an error here would only try to write an error body into it
                    emitter.complete();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                clientGone.run();
            } catch (RuntimeException e) {
                clientGone.run();
                emitter.completeWithError(e);
            }
        });
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .body(emitter);
    }
}
