package io.codingit.sandbox.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxPathException;
import io.codingit.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The files of a sandbox's /home/user ({@code /api/sandbox/{sbxId}/files}). */
@RestController
@RequestMapping("/api/sandbox/{sbxId}/files")
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Sandbox")
class SandboxFilesController {
    private static final long MAX_READ_BYTES = 5L * 1024 * 1024;

    private final Sandboxes sandboxes;

    SandboxFilesController(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
    }

    record WriteRequest(String path, String content) {
    }

    @io.codingit.sandbox.ResumesPausedSandbox
    @GetMapping
    @Operation(summary = "The tree of /home/user, without node_modules")
    Map<String, Object> tree(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId) {
        Sandbox sandbox = sandboxes.get(user.id(), sbxId);
        return Map.of("files", guarded(() -> sandbox.files().tree(Sandbox.HOME, SandboxController.TREE_SKIP)));
    }

    @io.codingit.sandbox.ResumesPausedSandbox
    @GetMapping("/content")
    @Operation(summary = "A file's text")
    Map<String, Object> read(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId,
                             @RequestParam(required = false) String path) {
        if (path == null || path.isBlank()) {
            throw ApiException.badRequest("path is required");
        }
        Sandbox sandbox = sandboxes.get(user.id(), sbxId);
        String normalized = guarded(() -> sandbox.files().normalize(path));
        byte[] content = guarded(() -> sandbox.files().read(normalized, MAX_READ_BYTES));
        return Map.of("content", new String(content, StandardCharsets.UTF_8), "path", normalized);
    }

    @io.codingit.sandbox.ResumesPausedSandbox
    @PostMapping("/content")
    @Operation(summary = "Create or replace a file")
    Map<String, Object> write(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId,
                              @RequestBody(required = false) WriteRequest request) {
        if (request == null || request.path() == null || request.path().isBlank()) {
            throw ApiException.badRequest("path is required");
        }
        if (request.content() == null) {
            throw ApiException.badRequest("content is required");
        }
        Sandbox sandbox = sandboxes.get(user.id(), sbxId);
        String path = write(sandbox, request.path(), request.content().getBytes(StandardCharsets.UTF_8));
        return Map.of("success", true, "path", path);
    }

    /** Writes a file into the sandbox's home; returns its sandbox-absolute path. */
    static String write(Sandbox sandbox, String path, byte[] content) {
        String normalized = guarded(() -> sandbox.files().normalize(path));
        guarded(() -> {
            sandbox.files().write(normalized, content);
            return null;
        });
        return normalized;
    }

    /** Turns path problems into the contract's statuses: leaving the home is 403. */
    static <T> T guarded(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (SandboxPathException e) {
            throw switch (e.reason()) {
                case OUTSIDE_HOME -> ApiException.forbidden(e.getMessage());
                case NOT_FOUND -> ApiException.notFound(e.getMessage());
                case NOT_A_FILE -> ApiException.badRequest(e.getMessage());
                case TOO_LARGE -> new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too_large", e.getMessage());
            };
        }
    }
}
