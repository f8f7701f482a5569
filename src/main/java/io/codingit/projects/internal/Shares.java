package io.codingit.projects.internal;

import io.codingit.projects.ProjectException;
import io.codingit.projects.internal.ProjectRecords.Blob;
import io.codingit.projects.internal.ProjectRecords.OpenShare;
import io.codingit.projects.internal.ProjectRecords.Result;
import io.codingit.projects.internal.ProjectRecords.Share;
import io.codingit.projects.internal.ProjectRecords.Version;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Read-only links to one fragment version and its latest result. The link's id is 256 random bits
 * (base64url); a reader learns only that version's fragment, its latest result (images through the share's
 * own route, only those the result lists) and, while the owner's sandbox runs, its preview URL — never the
 * project's name, other versions, the chat, the owner or the sandbox id.
 */
@Service
class Shares {
    private static final Pattern SHARE_ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProjectService projects;
    private final VersionRunner runner;
    private final JsonMapper json;

    Shares(ProjectService projects, VersionRunner runner, JsonMapper json) {
        this.projects = projects;
        this.runner = runner;
        this.json = json;
    }

    static String path(String shareId) {
        return "/#/shared/" + shareId;
    }

    Share create(String userId, String projectId, Integer version) {
        requireEnabled();
        var project = projects.require(userId, projectId);
        int number = version != null ? version : Optional.ofNullable(project.currentVersion())
                .orElseThrow(() -> ProjectException.conflict("no_version", "the project has no fragment yet: nothing to share"));
        projects.requireVersion(projectId, number);
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        Share share = new Share(Base64.getUrlEncoder().withoutPadding().encodeToString(bits), projectId, number,
                projects.now(), null);
        projects.store().insertShare(share);
        return share;
    }

    List<Share> list(String userId, String projectId) {
        projects.require(userId, projectId);
        return projects.store().shares(projectId);
    }

    void revoke(String userId, String projectId, String shareId) {
        projects.require(userId, projectId);
        if (shareId == null || !SHARE_ID.matcher(shareId).matches()
                || projects.store().share(projectId, shareId).isEmpty()) {
            throw ProjectException.notFound("share");
        }
        projects.store().revokeShare(projectId, shareId, projects.now());
    }

    /** What an anonymous reader of the link sees. */
    Map<String, Object> read(String shareId) {
        OpenShare open = open(shareId);
        Version version = projects.requireVersion(open.share().projectId(), open.share().version());
        Fragments fragment = Fragments.parse(json, version.fragment(), Integer.MAX_VALUE);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", shareId);
        out.put("version", version.number());
        out.put("title", fragment.title());
        out.put("description", fragment.object().path("description").asString(null));
        out.put("template", fragment.template());
        out.put("filePath", fragment.safeFilePath("fragment"));
        out.put("code", fragment.codeOrEmpty());
        out.put("createdAt", version.createdAt());
        Optional<Result> result = projects.latestResult(open.share().projectId(), version.number());
        out.put("result", result.map(r -> ProjectViews.result(json, r, "/api/shared/" + shareId + "/blobs/", false,
                runner.livePreviewUrl(open.ownerId(), r))).orElse(null));
        return out;
    }

    /** An image of the shared result; any other hash, even one of the same project, is not found. */
    Blob blob(String shareId, String sha256) {
        OpenShare open = open(shareId);
        if (!ProjectService.isSha256(sha256)) {
            throw ProjectException.notFound("image");
        }
        Result result = projects.latestResult(open.share().projectId(), open.share().version())
                .orElseThrow(() -> ProjectException.notFound("image"));
        return projects.store().blobOfResult(open.share().projectId(), result.id(), sha256)
                .orElseThrow(() -> ProjectException.notFound("image"));
    }

    private OpenShare open(String shareId) {
        if (!projects.properties().sharingEnabled() || shareId == null || !SHARE_ID.matcher(shareId).matches()) {
            throw ProjectException.notFound("shared fragment");
        }
        return projects.store().openShare(shareId).orElseThrow(() -> ProjectException.notFound("shared fragment"));
    }

    private void requireEnabled() {
        if (!projects.properties().sharingEnabled()) {
            throw ProjectException.unavailable("sharing_disabled", "sharing is switched off on this server (codingit.projects.sharing-enabled)");
        }
    }
}
