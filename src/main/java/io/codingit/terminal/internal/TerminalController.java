package io.codingit.terminal.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxPathException;
import io.codingit.terminal.TerminalProperties;
import io.codingit.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
 */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Terminal")
class TerminalController {
    static final String COMMAND_NOT_FOUND_HINT = "Command not found. Check the spelling, or install the program "
            + "first (for example with pip or npm) and try again.";
    private static final int MAX_COMMAND_LENGTH = 100_000;

    private final Sandboxes sandboxes;
    private final Duration timeout;

    TerminalController(Sandboxes sandboxes, TerminalProperties properties) {
        this.sandboxes = sandboxes;
        this.timeout = properties.commandTimeout();
    }

    /** teamID and accessToken are accepted for compatibility; identity comes from the session only. */
    record TerminalRequest(String command, String sbxId, String workingDirectory, String teamID, String accessToken) {
    }

    record TerminalResponse(String stdout, String stderr, int exitCode, String workingDirectory) {
    }

    @PostMapping("/api/terminal")
    @Operation(summary = "Run one shell command in a sandbox")
    TerminalResponse run(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody(required = false) TerminalRequest request) {
        if (request == null || request.command() == null || request.command().isBlank()) {
            throw ApiException.badRequest("command is required");
        }
        if (request.command().length() > MAX_COMMAND_LENGTH) {
            throw ApiException.badRequest("command is longer than " + MAX_COMMAND_LENGTH + " characters");
        }
        if (request.sbxId() == null || request.sbxId().isBlank()) {
            throw ApiException.badRequest("sbxId is required");
        }
        Sandbox sandbox = sandboxes.get(user.id(), request.sbxId());
        String cwd = workingDirectory(sandbox, request.workingDirectory());
        CommandResult result = sandbox.run(new Command(List.of("bash", "-lc", request.command()), cwd, Map.of(), timeout));
        String stderr = result.stderr();
        if (result.exitCode() == 127) {
            stderr = (stderr.isEmpty() ? "" : stderr + (stderr.endsWith("\n") ? "" : "\n")) + COMMAND_NOT_FOUND_HINT;
        }
        return new TerminalResponse(result.stdout(), stderr, result.exitCode(), cwd);
    }

    private static String workingDirectory(Sandbox sandbox, String requested) {
        if (requested == null || requested.isBlank()) {
            return Sandbox.HOME;
        }
        String cwd;
        try {
            cwd = sandbox.files().normalize(requested);
            if (!cwd.equals(Sandbox.HOME) && !sandbox.files().isDirectory(cwd)) {
                throw ApiException.badRequest("workingDirectory " + cwd + " is not a directory in the sandbox");
            }
        } catch (SandboxPathException e) {
            throw ApiException.forbidden("workingDirectory must lie inside " + Sandbox.HOME + ": " + requested);
        }
        return cwd;
    }
}
