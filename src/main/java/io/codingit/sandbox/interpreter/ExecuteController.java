package io.codingit.sandbox.interpreter;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.sandbox.CodeInterpreter;
import io.codingit.sandbox.CodeInterpreters;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * {@code POST /api/sandbox/{sbxId}/execute}: runs one more cell in the caller's sandbox. Answers the whole
 * {@link io.codingit.sandbox.Execution} as JSON, or streams its events when the client accepts {@code text/event-stream} or
 * {@code application/x-ndjson}.
 */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Sandbox")
class ExecuteController {

    private final Sandboxes sandboxes;
    private final CodeInterpreters interpreters;
    private final JsonMapper json;
    private final InterpreterProperties properties;

    ExecuteController(Sandboxes sandboxes, CodeInterpreters interpreters, JsonMapper json,
                      InterpreterProperties properties) {
        this.sandboxes = sandboxes;
        this.interpreters = interpreters;
        this.json = json;
        this.properties = properties;
    }

    record ExecuteRequest(String code) {
    }

    /**
     * Always an emitter (Spring picks the return value handler by the declared type); the plain answer is one
     * JSON document. The emitter's timeout outlasts the cell's own timeout, interrupt and a restart.
     */
    @io.codingit.sandbox.ResumesPausedSandbox
    @PostMapping("/api/sandbox/{sbxId}/execute")
    @Operation(summary = "Run a cell in the sandbox's persistent Python interpreter; "
            + "Accept: text/event-stream or application/x-ndjson streams stdout, stderr, result, error and end events")
    ResponseEntity<ResponseBodyEmitter> execute(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId,
                                                @RequestBody(required = false) ExecuteRequest request,
                                                @RequestHeader(value = "Accept", required = false) String accept) {
        if (request == null || request.code() == null) {
            throw ApiException.badRequest("code is required: send {\"code\": \"...\"}");
        }
        Sandbox sandbox = sandboxes.get(user.id(), sbxId);
        CodeInterpreter interpreter = interpreters.of(sandbox);
        EventFormat format = EventFormat.negotiate(accept);
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(responseTimeout().toMillis());
        Thread.ofVirtual().name("interpreter-request-" + sbxId).start(() -> respond(emitter, interpreter, request.code(), format));
        if (format == null) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(emitter);
        }
        return ResponseEntity.ok()
                .contentType(format.mediaType())
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .body(emitter);
    }

    @PostMapping("/api/sandbox/{sbxId}/interrupt")
    @Operation(summary = "Interrupt the cell running in the sandbox's interpreter (KeyboardInterrupt); "
            + "the interpreter and its variables are kept. interrupted: whether a cell was running")
    Map<String, Object> interrupt(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId) {
        Sandbox sandbox = sandboxes.get(user.id(), sbxId);
        return Map.of("interrupted", interpreters.of(sandbox).interrupt());
    }

    private void respond(ResponseBodyEmitter emitter, CodeInterpreter interpreter, String code, EventFormat format) {
        try {
            if (format == null) {
                emitter.send(json.writeValueAsString(interpreter.execute(code)), MediaType.TEXT_PLAIN);
            } else {
                new ExecutionStream(json, format, frame -> emitter.send(frame, MediaType.TEXT_PLAIN)).run(interpreter, code);
            }
            emitter.complete();
        } catch (IOException | RuntimeException e) {
            // The client went away (or the response broke); the cell itself has finished or goes on alone.
            emitter.completeWithError(e);
        }
    }

    private Duration responseTimeout() {
        return properties.executionTimeout().plus(properties.interruptGrace()).plus(properties.startTimeout())
                .plusSeconds(30);
    }
}
