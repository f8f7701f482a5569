package io.codingit.github.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

import java.util.List;

/** The shapes the contract gives GitHub's objects; only the listed fields leave the server. */
final class GitHubViews {
    private GitHubViews() {
    }

    record User(String login, String name, @JsonProperty("avatar_url") String avatarUrl) {
        static User of(JsonNode n) {
            return new User(text(n, "login"), text(n, "name"), text(n, "avatar_url"));
        }
    }

    /** {@code name}: GitHub's organisation listing has none, so the login stands in (as in the peer). */
    record Org(String login, Long id, @JsonProperty("node_id") String nodeId, String url,
               @JsonProperty("repos_url") String reposUrl, @JsonProperty("avatar_url") String avatarUrl,
               String name) {
        static Org of(JsonNode n) {
            String name = text(n, "name");
            return new Org(text(n, "login"), number(n, "id"), text(n, "node_id"), text(n, "url"),
                    text(n, "repos_url"), text(n, "avatar_url"), name != null ? name : text(n, "login"));
        }
    }

    record Repo(String name, @JsonProperty("full_name") String fullName, String description,
                @JsonProperty("private") boolean isPrivate, @JsonProperty("clone_url") String cloneUrl,
                @JsonProperty("updated_at") String updatedAt, String language) {
        static Repo of(JsonNode n) {
            JsonNode isPrivate = n.get("private");
            return new Repo(text(n, "name"), text(n, "full_name"), text(n, "description"),
                    isPrivate != null && isPrivate.asBoolean(), text(n, "clone_url"), text(n, "updated_at"),
                    text(n, "language"));
        }
    }

    record Content(String content, String encoding) {
    }

    record File(String type, String name, String path, Long size, Content content,
                @JsonProperty("download_url") String downloadUrl) {
        static File of(JsonNode n) {
            return new File(text(n, "type"), text(n, "name"), text(n, "path"), number(n, "size"),
                    new Content(text(n, "content"), text(n, "encoding")), text(n, "download_url"));
        }
    }

    record Entry(String name, String path, String type, Long size, @JsonProperty("download_url") String downloadUrl) {
        static Entry of(JsonNode n) {
            return new Entry(text(n, "name"), text(n, "path"), text(n, "type"), number(n, "size"),
                    text(n, "download_url"));
        }
    }

    record Directory(String type, List<Entry> contents) {
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() ? null : value.asLong();
    }
}
