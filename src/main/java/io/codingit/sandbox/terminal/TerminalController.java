package io.codingit.sandbox.terminal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.terminal.TerminalRequests.TerminalRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/terminal}: one command under {@code bash -lc} in the caller's sandbox. The working
 * directory is set by the runtime (never pasted into the shell string) and must lie inside /home/user.
 * With {@code background: true} the command is started and listed (see {@link CommandsController});
 * the streamed form ({@code Accept: text/event-stream}) is {@link CommandStreamController}.
 */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Terminal")
class TerminalController {
    static final String COMMAND_NOT_FOUND_HINT = "Command not found. Check the spelling, or install the program "
            + "first (for example with pip or npm) and try again.";

    private final Sandboxes sandboxes;
    private final CommandLauncher launcher;
    private final Duration timeout;

    TerminalController(Sandboxes sandboxes, CommandLauncher launcher, TerminalProperties properties) {
        this.sandboxes = sandboxes;
        this.launcher = launcher;
        this.timeout = properties.commandTimeout();
    }

    record TerminalResponse(String stdout, String stderr, int exitCode, String workingDirectory) {
    }

    @io.codingit.sandbox.ResumesPausedSandbox
    @PostMapping("/api/terminal")
    @Operation(summary = "Run one shell command in a sandbox; background: true starts it and answers its listing")
    ResponseEntity<?> run(@AuthenticationPrincipal AuthenticatedUser user,
                          @RequestBody(required = false) TerminalRequest request) {
        TerminalRequests.validate(request);
        Sandbox sandbox = sandboxes.get(user.id(), request.sbxId());
        String cwd = TerminalRequests.workingDirectory(sandbox, request.workingDirectory());
        if (request.inBackground()) {
            return ResponseEntity.status(201).body(CommandView.of(launcher.startInBackground(sandbox, request.command(), cwd)));
        }
        CommandResult result = sandbox.run(new Command(List.of("bash", "-lc", request.command()), cwd, Map.of(), timeout));
        String stderr = result.stderr();
        if (result.exitCode() == 127) {
            stderr = (stderr.isEmpty() ? "" : stderr + (stderr.endsWith("\n") ? "" : "\n")) + COMMAND_NOT_FOUND_HINT;
        }
        return ResponseEntity.ok(new TerminalResponse(result.stdout(), stderr, result.exitCode(), cwd));
    }
}
