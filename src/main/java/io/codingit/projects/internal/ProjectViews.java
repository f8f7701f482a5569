package io.codingit.projects.internal;

import io.codingit.projects.internal.ProjectRecords.Chat;
import io.codingit.projects.internal.ProjectRecords.Message;
import io.codingit.projects.internal.ProjectRecords.Project;
import io.codingit.projects.internal.ProjectRecords.Result;
import io.codingit.projects.internal.ProjectRecords.Share;
import io.codingit.projects.internal.ProjectRecords.Version;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.util.RawValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON the routes answer. Nulls are kept so that every field is always present. */
final class ProjectViews {
    private ProjectViews() {
    }

    static Map<String, Object> project(Project p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("name", p.name());
        v.put("template", p.template());
        v.put("currentVersion", p.currentVersion());
        v.put("createdAt", p.createdAt());
        v.put("updatedAt", p.updatedAt());
        return v;
    }

    static Map<String, Object> chat(Chat c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id());
        v.put("projectId", c.projectId());
        v.put("title", c.title());
        v.put("messageCount", c.messageCount());
        v.put("createdAt", c.createdAt());
        v.put("updatedAt", c.updatedAt());
        return v;
    }

    static Map<String, Object> message(JsonMapper json, String projectId, Message m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("seq", m.seq());
        v.put("role", m.role());
        v.put("status", m.status());
        v.put("content", m.content());
        v.put("attachments", m.attachments() == null ? List.of() : attachments(json, projectId, m.attachments()));
        v.put("version", m.version());
        // stored as validated JSON: written as it is, not parsed again (a chat of 500 answers is 500 fragments)
        v.put("fragment", m.fragment() == null ? null : new RawValue(m.fragment()));
        v.put("createdAt", m.createdAt());
        return v;
    }

    private static JsonNode attachments(JsonMapper json, String projectId, String stored) {
        JsonNode list = json.readTree(stored);
        for (JsonNode a : list) {
            if (a.hasNonNull("sha256") && a instanceof tools.jackson.databind.node.ObjectNode o) {
                o.put("url", "/api/projects/" + projectId + "/blobs/" + a.get("sha256").asString());
            }
        }
        return list;
    }

    static Map<String, Object> versionSummary(Version v, boolean hasResult) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", v.number());
        out.put("title", v.title());
        out.put("template", v.template());
        out.put("filePath", v.filePath());
        out.put("source", v.source());
        out.put("restoredFrom", v.restoredFrom());
        out.put("chatId", v.chatId());
        out.put("hasResult", hasResult);
        out.put("createdAt", v.createdAt());
        return out;
    }

    static Map<String, Object> version(JsonMapper json, Version v, Map<String, Object> result) {
        Map<String, Object> out = versionSummary(v, result != null);
        out.put("fragment", json.readTree(v.fragment()));
        out.put("result", result);
        return out;
    }

    /**
     * A stored result. {@code blobUrlPrefix} is where its images are fetched (the owner's or a share's route);
     * {@code owner} adds what only the owner sees (the sandbox id); {@code livePreviewUrl} is the preview when
     * its sandbox is running (else null).
     */
    static Map<String, Object> result(JsonMapper json, Result r, String blobUrlPrefix, boolean owner, String livePreviewUrl) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (owner) {
            out.put("id", r.id());
            out.put("sandboxId", r.sandboxId());
        }
        out.put("version", r.version());
        out.put("template", r.template());
        out.put("previewUrl", livePreviewUrl);
        out.put("stdout", r.stdout());
        out.put("stderr", r.stderr());
        out.put("runtimeError", r.runtimeError() == null ? null : json.readTree(r.runtimeError()));
        out.put("cellResults", r.cellResults() == null ? List.of()
                : ResultImages.withUrls(json, (ArrayNode) json.readTree(r.cellResults()), blobUrlPrefix));
        out.put("createdAt", r.createdAt());
        return out;
    }

    static Map<String, Object> share(Share s, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("version", s.version());
        out.put("path", path);
        out.put("active", s.active());
        out.put("createdAt", s.createdAt());
        out.put("revokedAt", s.revokedAt());
        return out;
    }
}
