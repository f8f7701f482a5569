package io.codingit.projects.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.projects.internal.ProjectRecords.Share;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Share links: the owner's routes under {@code /api/projects/{id}/shares}, and the anonymous reader's
 * {@code /api/shared/{shareId}} (public: no credential needed, rate-limited by client address).
 */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Projects")
class SharesController {
    private final Shares shares;

    SharesController(Shares shares) {
        this.shares = shares;
    }

    record ShareRequest(Integer version) {
    }

    @PostMapping("/api/projects/{projectId}/shares")
    @Operation(summary = "Share one version read-only: {version} (default the current one); answers the link's path")
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                                               @RequestBody(required = false) ShareRequest request) {
        Share share = shares.create(user.id(), projectId, request == null ? null : request.version());
        return ResponseEntity.status(HttpStatus.CREATED).body(ProjectViews.share(share, Shares.path(share.id())));
    }

    @GetMapping("/api/projects/{projectId}/shares")
    @Operation(summary = "The project's share links, newest first, revoked ones included")
    Map<String, Object> list(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId) {
        return Map.of("shares", shares.list(user.id(), projectId).stream()
                .map(s -> ProjectViews.share(s, Shares.path(s.id()))).toList());
    }

    @DeleteMapping("/api/projects/{projectId}/shares/{shareId}")
    @Operation(summary = "Revoke a share link: from now on it answers 404")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                                @PathVariable String shareId) {
        shares.revoke(user.id(), projectId, shareId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/shared/{shareId}")
    @Operation(summary = "Public: a shared fragment version (code) and its latest result; the preview URL while the owner's sandbox runs")
    Map<String, Object> read(@PathVariable String shareId) {
        return shares.read(shareId);
    }

    @GetMapping("/api/shared/{shareId}/blobs/{sha256}")
    @Operation(summary = "Public: an image of a shared result")
    ResponseEntity<byte[]> blob(@PathVariable String shareId, @PathVariable String sha256) {
        return BlobResponses.of(shares.blob(shareId, sha256), "no-store");
    }
}
