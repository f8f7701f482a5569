package io.codingit.sandbox.terminal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.terminal.TerminalRequests.TerminalRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * {@code POST /api/terminal} with {@code Accept: text/event-stream}: the command's output as it happens.
 * A foreground command dies with its stream: when the client goes away (noticed by a failed write, at the
 * latest at the second heartbeat) every process it started is killed. A background one keeps running.
 */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Terminal")
class CommandStreamController {
    private final Sandboxes sandboxes;
    private final CommandLauncher launcher;
    private final CommandEventStreams streams;

    CommandStreamController(Sandboxes sandboxes, CommandLauncher launcher, CommandEventStreams streams) {
        this.sandboxes = sandboxes;
        this.launcher = launcher;
        this.streams = streams;
    }

    @io.codingit.sandbox.ResumesPausedSandbox
    @PostMapping(value = "/api/terminal", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Run one shell command and stream stdout/stderr events, then an exit event")
    ResponseEntity<ResponseBodyEmitter> stream(@AuthenticationPrincipal AuthenticatedUser user,
                                               @RequestBody(required = false) TerminalRequest request) {
        TerminalRequests.validate(request);
        Sandbox sandbox = sandboxes.get(user.id(), request.sbxId());
        String cwd = TerminalRequests.workingDirectory(sandbox, request.workingDirectory());
        boolean background = request.inBackground();
        RunningCommand command = background
                ? launcher.startInBackground(sandbox, request.command(), cwd)
                : launcher.startInForeground(sandbox, request.command(), cwd);
        return streams.respond(command, 0, background ? null : command::kill);
    }
}
