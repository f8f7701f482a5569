package io.codingit.sandbox.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.codingit.auth.AuthenticatedUser;
import io.codingit.common.DomainException;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.sandbox.CodeRunner;
import io.codingit.sandbox.FragmentDependencies;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.WebPreviews;
import io.codingit.sandbox.interpreter.EventFormat;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Creating, listing, extending and killing sandboxes ({@code /api/sandbox}). */
@RestController
@RequestMapping("/api/sandbox")
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Sandbox")
class SandboxController {
    static final Set<String> TREE_SKIP = Set.of("node_modules");

    private static final Logger log = LoggerFactory.getLogger(SandboxController.class);
    /** A stream outlives the longest install and the longest run. */
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(10);

    private final Sandboxes sandboxes;
    private final JsonMapper json;
    private final FragmentDependencies dependencies;
    private final ObjectProvider<CodeRunner> codeRunner;
    private final ObjectProvider<WebPreviews> webPreviews;
    private final CodeRunner oneShotRunner = new OneShotPythonRunner();

    SandboxController(Sandboxes sandboxes, ObjectProvider<CodeRunner> codeRunner, ObjectProvider<WebPreviews> webPreviews,
                      FragmentDependencies dependencies, JsonMapper json) {
        this.sandboxes = sandboxes;
        this.json = json;
        this.dependencies = dependencies;
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

    @io.codingit.sandbox.ResumesPausedSandbox
    @PostMapping
    @Operation(summary = "Create a sandbox from fragment.template (or reuse the caller's live sandbox sbxId of that "
            + "template; the answer's reused says which), install the fragment's dependencies, write "
            + "fragment.code to fragment.file_path and run it; Accept: text/event-stream or application/x-ndjson "
            + "streams the installer's output as install events, then a result (or error) event")
    ResponseEntity<?> create(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody(required = false) CreateRequest request,
                             @RequestHeader(value = "Accept", required = false) String accept) {
        Fragment fragment = request == null ? null : request.fragment();
        if (fragment == null) {
            throw ApiException.badRequest("fragment is required");
        }
        if (fragment.code() == null) {
            throw ApiException.badRequest("fragment.code is required");
        }
        SandboxTemplate template = sandboxes.requireTemplate(fragment.template());
        EventFormat format = EventFormat.negotiate(accept);
        if (format == null) {
            return ResponseEntity.ok(createAndRun(user, request.sbxId(), template, fragment, output -> { }));
        }
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(STREAM_TIMEOUT.toMillis());
        Thread.ofVirtual().name("sandbox-create-stream").start(() -> stream(emitter, format, user, request.sbxId(), template, fragment));
        return ResponseEntity.ok().contentType(format.mediaType()).header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no").body(emitter);
    }

    /** The streamed answer: install events as the installer writes, then one result event, or an error event. */
    private void stream(ResponseBodyEmitter emitter, EventFormat format, AuthenticatedUser user, String sbxId,
                        SandboxTemplate template,
                        Fragment fragment) {
        try {
            Map<String, Object> result = createAndRun(user, sbxId, template, fragment, text -> send(emitter, format,
                    Map.of("type", "install", "text", text)));
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "result");
            event.putAll(result);
            send(emitter, format, event);
            emitter.complete();
        } catch (DomainException e) {
            send(emitter, format, Map.of("type", "error", "error", true, "code", e.code(), "message", e.getMessage()));
            emitter.complete();
        } catch (RuntimeException e) {
            log.warn("Streaming a sandbox run failed", e);
            send(emitter, format, Map.of("type", "error", "error", true, "message", "the run failed unexpectedly"));
            emitter.complete();
        }
    }

    private void send(ResponseBodyEmitter emitter, EventFormat format, Map<String, Object> event) {
        try {
            emitter.send(format.frame(event, json.writeValueAsString(event)), MediaType.TEXT_PLAIN);
        } catch (IOException | IllegalStateException e) {
            // the client went away; the run finishes on its own and the sandbox stays the caller's
        }
    }

    private Map<String, Object> createAndRun(AuthenticatedUser user, String sbxId, SandboxTemplate template,
                                             Fragment fragment, Consumer<String> installOutput) {
        Sandbox reusable = reusable(user, sbxId, template);
        if (reusable != null) {
            // the caller's own sandbox: a failed run leaves it (and its interpreter) as it was
            return withReused(prepareAndRun(reusable, template, fragment, installOutput), true);
        }
        Sandbox sandbox = sandboxes.create(user.id(), template.id());
        try {
            return withReused(prepareAndRun(sandbox, template, fragment, installOutput), false);
        } catch (RuntimeException e) {
            sandbox.kill(failedRunReason(e));
            throw e;
        }
    }

    /**
     * Why a sandbox created for a fragment was ended when the fragment failed: what its id answers later (410),
     * instead of "killed by its owner". Only a domain error's message is quoted (it is written for the caller).
     */
    static String failedRunReason(RuntimeException e) {
        String detail = e instanceof DomainException && e.getMessage() != null
                ? e.getMessage().strip().lines().findFirst().orElse("") : "";
        if (detail.length() > 200) {
            detail = detail.substring(0, 200) + "...";
        }
        return "the fragment it was created for failed" + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    private static Map<String, Object> withReused(Map<String, Object> body, boolean reused) {
        Map<String, Object> answer = new LinkedHashMap<>(body);
        answer.put("reused", reused);
        return answer;
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

    private Map<String, Object> prepareAndRun(Sandbox sandbox, SandboxTemplate template, Fragment fragment,
                                              Consumer<String> installOutput) {
        dependencies.install(sandbox, template, new FragmentDependencies.Request(fragment.hasAdditionalDependencies(),
                fragment.installDependenciesCommand(), fragment.additionalDependencies()), installOutput);
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
    @Operation(summary = "The caller's live sandboxes, running and paused, oldest first: state, template, createdAt, "
            + "lastUsedAt, expiresAt (for a paused sandbox: when it is deleted), diskBytes (what a paused sandbox's saved "
            + "home holds on disk), pausedAt and pauseReason (why a paused one was paused: by its owner, its time ran "
            + "out, or a server start-up that could not adopt it, and whether it was kept over the pause quota)")
    Map<String, Object> list(@AuthenticationPrincipal AuthenticatedUser user) {
        return Map.of("sandboxes", sandboxes.list(user.id()).stream().map(SandboxView::of).toList());
    }

    @GetMapping("/{sbxId}")
    @Operation(summary = "One of the caller's sandboxes, running or paused (looking does not resume it)")
    SandboxView get(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId) {
        return SandboxView.of(sandboxes.describe(user.id(), sbxId));
    }

    @PostMapping("/{sbxId}/pause")
    @Operation(summary = "Pause the sandbox: its changed /home/user is saved on the server's disk (within the per-user "
            + "quota codingit.sandbox.pause.quota-per-user) and its processes stop; interpreter variables, running "
            + "processes and /tmp are not kept (the answer's note says so). A paused sandbox is kept "
            + "codingit.sandbox.pause.retention, then deleted; any use of it (execute, files, terminal, commands, "
            + "preview) resumes it. 409 when it is already paused, over the quota (code pause_quota) or its provider "
            + "cannot pause (pause_unsupported); 503 home_not_saved when the home cannot be saved (it keeps running)")
    Map<String, Object> pause(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId) {
        Map<String, Object> body = new LinkedHashMap<>(viewMap(SandboxView.of(sandboxes.pause(user.id(), sbxId))));
        body.put("kept", "files under /home/user, exactly");
        body.put("notKept", List.of("interpreter variables", "running processes", "files under /tmp"));
        body.put("note", DefaultSandboxes.PAUSE_NOTE);
        return body;
    }

    @PostMapping("/{sbxId}/resume")
    @Operation(summary = "Resume a paused sandbox: /home/user is restored exactly as it was at the pause and the "
            + "template's processes start again with fresh state (the interpreter at the next cell, a web template's "
            + "app in the background, its preview URL unchanged). A resume sent while the sandbox is being paused waits "
            + "for the pause, then resumes it. 409 not_paused when it is running; 409 "
            + "paused_home_damaged when its saved home is damaged (nothing changes)")
    Map<String, Object> resume(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String sbxId) {
        Map<String, Object> body = new LinkedHashMap<>(viewMap(SandboxView.of(sandboxes.resume(user.id(), sbxId))));
        body.put("resumed", true);
        body.put("note", DefaultSandboxes.PAUSE_NOTE);
        return body;
    }

    private Map<String, Object> viewMap(SandboxView view) {
        return json.convertValue(view, new tools.jackson.core.type.TypeReference<Map<String, Object>>() { });
    }

    @io.codingit.sandbox.ResumesPausedSandbox
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
