package io.codingit.sandbox.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.sandbox.CodeRunner;
import io.codingit.sandbox.WebPreviews;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Creating, listing, extending and killing sandboxes ({@code /api/sandbox}). */
@RestController
@RequestMapping("/api/sandbox")
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Sandbox")
class SandboxController {
    static final Set<String> TREE_SKIP = Set.of("node_modules");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private final Sandboxes sandboxes;
    private final ObjectProvider<CodeRunner> codeRunner;
    private final ObjectProvider<WebPreviews> webPreviews;
    private final CodeRunner oneShotRunner = new OneShotPythonRunner();

    SandboxController(Sandboxes sandboxes, ObjectProvider<CodeRunner> codeRunner, ObjectProvider<WebPreviews> webPreviews) {
        this.sandboxes = sandboxes;
        this.codeRunner = codeRunner;
        this.webPreviews = webPreviews;
    }

    record Fragment(String template, String code, @JsonProperty("file_path") String filePath,
                    @JsonProperty("has_additional_dependencies") Boolean hasAdditionalDependencies,
                    @JsonProperty("install_dependencies_command") String installDependenciesCommand,
                    @JsonProperty("additional_dependencies") List<String> additionalDependencies,
                    Integer port, String title, String description, String commentary) {
    }

    /**
     * userID, teamID and accessToken are accepted for compatibility; identity comes from the session only.
     * {@code sbxId}: run in this sandbox of the caller's instead of a new one, when it is still live and
     * of the fragment's template (the console keeps one sandbox per chat); otherwise a new one is created
     * and {@code reused} in the answer is false.
     */
    record CreateRequest(Fragment fragment, String userID, String teamID, String accessToken, String sbxId) {
    }

    record TimeoutRequest(Long timeoutMs, Long seconds) {
    }

    @PostMapping
    @Operation(summary = "Create a sandbox from fragment.template (or reuse the caller's live sandbox sbxId of that template), "
            + "write fragment.code to fragment.file_path and run it; the answer's reused says which")
    Map<String, Object> create(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody(required = false) CreateRequest request) {
        Fragment fragment = request == null ? null : request.fragment();
        if (fragment == null) {
            throw ApiException.badRequest("fragment is required");
        }
        if (fragment.code() == null) {
            throw ApiException.badRequest("fragment.code is required");
        }
        SandboxTemplate template = sandboxes.requireTemplate(fragment.template());
        Sandbox reusable = reusable(user, request.sbxId(), template);
        if (reusable != null) {
            // the caller's own sandbox: a failed run leaves it (and its interpreter) as it was
            Map<String, Object> body = prepareAndRun(reusable, template, fragment);
            body.put("reused", true);
            return body;
        }
        Sandbox sandbox = sandboxes.create(user.id(), template.id());
        try {
            Map<String, Object> body = prepareAndRun(sandbox, template, fragment);
            body.put("reused", false);
            return body;
        } catch (RuntimeException e) {
            sandbox.kill();
            throw e;
        }
    }

    /**
     * The caller's sandbox named by {@code sbxId} when a run can go into it: live, of the same template,
     * and not a web template (its app server is started once per sandbox). Another user's id, or one that
     * has ended, is simply not reused: the answer then names the new sandbox.
     */
    private Sandbox reusable(AuthenticatedUser user, String sbxId, SandboxTemplate template) {
        if (sbxId == null || sbxId.isBlank() || template.port() != null) {
            return null;
        }
        return sandboxes.list(user.id()).stream()
                .filter(s -> s.id().equals(sbxId) && s.templateId().equals(template.id()))
                .findFirst().orElse(null);
    }

    private Map<String, Object> prepareAndRun(Sandbox sandbox, SandboxTemplate template, Fragment fragment) {
        if (Boolean.TRUE.equals(fragment.hasAdditionalDependencies())
                && fragment.installDependenciesCommand() != null && !fragment.installDependenciesCommand().isBlank()) {
            CommandResult install = sandbox.run(new Command(List.of("bash", "-lc", fragment.installDependenciesCommand()),
                    null, Map.of(), INSTALL_TIMEOUT));
            if (!install.succeeded()) {
                throw ApiException.badRequest("install_dependencies_command failed with exit code " + install.exitCode()
                        + ": " + tail(install.stderr().isBlank() ? install.stdout() : install.stderr()));
            }
        }
        String file = fragment.filePath() == null || fragment.filePath().isBlank() ? template.defaultFile() : fragment.filePath();
        String path = SandboxFilesController.write(sandbox, file, fragment.code().getBytes(StandardCharsets.UTF_8));
        if (template.port() != null) {
            WebPreviews previews = webPreviews.getIfAvailable();
            if (previews == null) {
                throw ApiException.unavailable("template " + template.id() + ": previews are not available on this server");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sbxId", sandbox.id());
            body.put("template", template.id());
            body.put("url", previews.start(sandbox, template));
            body.put("files", sandbox.files().tree(Sandbox.HOME, TREE_SKIP));
            return body;
        }
        CodeRunner.CodeRunResult result = codeRunner.getIfAvailable(() -> oneShotRunner).run(sandbox, path, fragment.code());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sbxId", sandbox.id());
        body.put("template", template.id());
        body.put("stdout", result.stdout());
        body.put("stderr", result.stderr());
        body.put("runtimeError", result.runtimeError());
        body.put("cellResults", result.cellResults());
        body.put("files", sandbox.files().tree(Sandbox.HOME, TREE_SKIP));
        return body;
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() > 2000 ? "..." + t.substring(t.length() - 2000) : t;
    }

    @GetMapping
    @Operation(summary = "The caller's live sandboxes")
    Map<String, Object> list(@AuthenticationPrincipal AuthenticatedUser user) {
        return Map.of("sandboxes", sandboxes.list(user.id()).stream().map(SandboxView::of).toList());
    }

    @GetMapping("/{sbxId}")
    @Operation(summary = "One of the caller's sandboxes")
    SandboxView get(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId) {
        return SandboxView.of(sandboxes.get(user.id(), sbxId));
    }

    @PostMapping("/{sbxId}/timeout")
    @Operation(summary = "Set the sandbox's remaining lifetime (timeoutMs or seconds from now)")
    SandboxView setTimeout(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId,
                           @RequestBody(required = false) TimeoutRequest request) {
        if (request == null || (request.timeoutMs() == null) == (request.seconds() == null)) {
            throw ApiException.badRequest("give exactly one of timeoutMs or seconds");
        }
        Duration timeout = request.timeoutMs() != null ? Duration.ofMillis(request.timeoutMs()) : Duration.ofSeconds(request.seconds());
        return SandboxView.of(sandboxes.setTimeout(user.id(), sbxId, timeout));
    }

    @DeleteMapping("/{sbxId}")
    @Operation(summary = "Kill the sandbox; everything it left is removed")
    Map<String, Object> kill(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId) {
        sandboxes.kill(user.id(), sbxId);
        return Map.of("success", true, "sbxId", sbxId);
    }
}
