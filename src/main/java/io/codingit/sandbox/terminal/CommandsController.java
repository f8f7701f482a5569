package io.codingit.sandbox.terminal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The background commands of a sandbox: list, kill, and replay their output as an event stream. */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Terminal")
class CommandsController {
    private final Sandboxes sandboxes;
    private final BackgroundCommands background;
    private final CommandEventStreams streams;

    CommandsController(Sandboxes sandboxes, BackgroundCommands background, CommandEventStreams streams) {
        this.sandboxes = sandboxes;
        this.background = background;
        this.streams = streams;
    }

    @io.codingit.sandbox.ResumesPausedSandbox
    @GetMapping("/api/sandbox/{sbxId}/commands")
    @Operation(summary = "List the sandbox's background commands, oldest first")
    Map<String, List<CommandView>> list(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId) {
        Sandbox sandbox = sandboxes.get(user.id(), sbxId);
        return Map.of("commands", background.list(sandbox).stream().map(CommandView::of).toList());
    }

    @DeleteMapping("/api/sandbox/{sbxId}/commands/{commandId}")
    @Operation(summary = "Kill a background command and everything it started")
    CommandView kill(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId,
                     @PathVariable String commandId) {
        RunningCommand command = find(user, sbxId, commandId);
        command.kill();
        awaitExitCode(command);
        return CommandView.of(command);
    }

    @GetMapping(value = "/api/sandbox/{sbxId}/commands/{commandId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Replay a background command's output (what the bounded buffer still holds) and follow it; "
            + "Last-Event-ID (an event id any server gave: a position in the command's output) resumes after that event")
    ResponseEntity<ResponseBodyEmitter> events(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId,
                                               @PathVariable String commandId,
                                               @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        RunningCommand command = find(user, sbxId, commandId);
        return streams.respond(command, resumeFrom(lastEventId), null);
    }

    private RunningCommand find(AuthenticatedUser user, String sandboxId, String commandId) {
        Sandbox sandbox = sandboxes.get(user.id(), sandboxId);
        return background.find(sandbox, commandId)
                .orElseThrow(() -> ApiException.notFound("no command " + commandId + " in sandbox " + sandboxId));
    }

    /** An event id is the position after the event's last byte in the command's output: resuming starts there. */
    private static long resumeFrom(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            long position = Long.parseLong(lastEventId.trim());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("Last-Event-ID must be the id of an event of this stream (a number)");
    }

    /** The pump records the exit code just after the process is gone; the answer should carry it. */
    private static void awaitExitCode(RunningCommand command) {
        try {
            command.output().next(Long.MAX_VALUE, Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
