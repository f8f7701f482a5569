package io.codingit.projects.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.projects.internal.ProjectRecords.Result;
import io.codingit.projects.internal.ProjectRecords.Version;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fragment versions of a project: list, read, diff, restore, run, and the images of results. */
@RestController
@RequestMapping("/api/projects/{projectId}")
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Projects")
class VersionsController {
    private final ProjectService projects;
    private final VersionRunner runner;
    private final JsonMapper json;

    VersionsController(ProjectService projects, VersionRunner runner, JsonMapper json) {
        this.projects = projects;
        this.runner = runner;
        this.json = json;
    }

    @GetMapping("/versions")
    @Operation(summary = "Every fragment version of the project, newest first, and which one is current")
    Map<String, Object> versions(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId) {
        var project = projects.require(user.id(), projectId);
        Set<Integer> withResults = new HashSet<>(projects.store().versionsWithResults(projectId));
        List<Map<String, Object>> list = projects.versions(user.id(), projectId).reversed().stream()
                .map(v -> ProjectViews.versionSummary(v, withResults.contains(v.number()))).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("current", project.currentVersion());
        out.put("versions", list);
        return out;
    }

    @GetMapping("/versions/{number}")
    @Operation(summary = "One version: the whole fragment and its latest run result (images by URL, preview URL while its sandbox runs)")
    Map<String, Object> version(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                                @PathVariable int number) {
        Version version = projects.version(user.id(), projectId, number);
        Map<String, Object> result = projects.latestResult(projectId, number)
                .map(r -> ownerResult(user.id(), projectId, r)).orElse(null);
        return ProjectViews.version(json, version, result);
    }

    @GetMapping("/diff")
    @Operation(summary = "A unified diff of two versions' code: ?from=&to=")
    Map<String, Object> diff(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                             @RequestParam int from, @RequestParam int to) {
        ProjectService.Diff diff = projects.diff(user.id(), projectId, from, to);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", ProjectViews.versionSummary(diff.from(), false));
        out.put("to", ProjectViews.versionSummary(diff.to(), false));
        out.put("added", diff.added());
        out.put("removed", diff.removed());
        out.put("unified", diff.unified());
        return out;
    }

    @PostMapping("/versions/{number}/restore")
    @Operation(summary = "Make an older version current again: it is copied into a new version (nothing is overwritten)")
    ResponseEntity<Map<String, Object>> restore(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                                                @PathVariable int number) {
        Version restored = projects.restore(user.id(), projectId, number);
        return ResponseEntity.status(HttpStatus.CREATED).body(ProjectViews.version(json, restored, null));
    }

    @PostMapping("/versions/{number}/run")
    @Operation(summary = "Run a version and store the result with it (answers the stored result)",
            description = "Optional body {sbxId}: run in that sandbox of the caller's when it is live, of the version's "
                    + "template and not a web template (as POST /api/sandbox with sbxId; the answer's sandboxId says "
                    + "which); otherwise, and without it, in a new sandbox.")
    ResponseEntity<Map<String, Object>> run(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                                            @PathVariable int number, @RequestBody(required = false) RunRequest request) {
        Result result = runner.run(user.id(), projectId, number, request == null ? null : request.sbxId());
        return ResponseEntity.status(HttpStatus.CREATED).body(ownerResult(user.id(), projectId, result));
    }

    /** {@code sbxId}: the caller's sandbox to run in (the chat's), when it can take the run. */
    record RunRequest(String sbxId) {
    }

    @GetMapping("/blobs/{sha256}")
    @Operation(summary = "An image of the project (a result's or a message's), by its SHA-256")
    ResponseEntity<byte[]> blob(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                                @PathVariable String sha256) {
        return BlobResponses.of(projects.blob(user.id(), projectId, sha256), "private, max-age=31536000, immutable");
    }

    private Map<String, Object> ownerResult(String userId, String projectId, Result r) {
        return ProjectViews.result(json, r, "/api/projects/" + projectId + "/blobs/", true, runner.livePreviewUrl(userId, r));
    }
}
