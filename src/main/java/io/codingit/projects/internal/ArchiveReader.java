package io.codingit.projects.internal;

import io.codingit.files.WorkspacePath;
import io.codingit.projects.ProjectException;
import io.codingit.projects.ProjectsProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * Checks every part of an archive before anything is stored: the format, names and limits as for the
 * routes, version numbers and the references between versions, chats, messages, results and images, and
 * that each image's bytes hash to its name. Any problem is a 400 naming where it is.
 */
final class ArchiveReader {
    /** Images and PDFs only: what results hold, and what the image routes serve under its own type. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("(image/[a-zA-Z0-9.+-]{1,80}|application/pdf)");
    private static final Set<String> SOURCES = Set.of("chat", "restore", "import");

    private final ProjectService projects;
    private final ProjectsProperties limits;
    private final JsonMapper json;

    ArchiveReader(ProjectService projects, JsonMapper json) {
        this.projects = projects;
        this.limits = projects.properties();
        this.json = json;
    }

    record CheckedBlob(String sha256, String mediaType, byte[] content) {
    }

    record CheckedVersion(int number, Integer chat, String source, Integer restoredFrom, Instant createdAt, ObjectNode fragment) {
    }

    record CheckedMessage(int seq, String role, String status, String content, ArrayNode attachments, Integer version,
                          Instant createdAt) {
    }

    record CheckedChat(String title, Instant createdAt, Instant updatedAt, List<CheckedMessage> messages) {
    }

    record CheckedResult(int version, String template, String stdout, String stderr, JsonNode runtimeError,
                         ArrayNode cellResults, Instant createdAt) {
    }

    /** @param editedCode the project file's content when it differs from the current version's code, else null */
    record Checked(String name, String template, Instant createdAt, Integer currentVersion, List<CheckedVersion> versions,
                   List<CheckedChat> chats, List<CheckedResult> results, List<CheckedBlob> blobs, String editedCode) {
    }

    Checked check(SortedMap<String, byte[]> files) {
        byte[] projectJson = files.get(ProjectArchive.PROJECT_JSON);
        if (projectJson == null) {
            throw invalid("the archive has no " + ProjectArchive.PROJECT_JSON + ": it is not a CodingIT project export");
        }
        JsonNode doc;
        try {
            doc = json.readTree(projectJson);
        } catch (JacksonException e) {
            throw invalid(ProjectArchive.PROJECT_JSON + " is not valid JSON");
        }
        if (!doc.isObject() || !ProjectArchive.FORMAT.equals(doc.path("format").asString(null))) {
            throw invalid(ProjectArchive.PROJECT_JSON + ": format must be '" + ProjectArchive.FORMAT + "'");
        }
        if (doc.path("formatVersion").asInt(-1) != ProjectArchive.FORMAT_VERSION || !doc.get("formatVersion").isIntegralNumber()) {
            throw invalid(ProjectArchive.PROJECT_JSON + ": formatVersion must be " + ProjectArchive.FORMAT_VERSION);
        }
        String name = NameRules.check("name", text(doc, "name", "name"), limits.maxNameLength());
        String template = projects.template(text(doc, "template", "template"));
        Instant createdAt = instant(doc, "createdAt", "createdAt");

        List<CheckedBlob> blobs = blobs(array(doc, "blobs"), files);
        Set<String> blobHashes = new HashSet<>();
        blobs.forEach(b -> blobHashes.add(b.sha256()));

        JsonNode chatNodes = array(doc, "chats");
        List<CheckedVersion> versions = versions(array(doc, "versions"), chatNodes.size());
        Set<Integer> numbers = new HashSet<>();
        versions.forEach(v -> numbers.add(v.number()));
        Integer current = optionalInt(doc, "currentVersion", "currentVersion");
        if (current != null && !numbers.contains(current)) {
            throw invalid("currentVersion " + current + " is not one of the versions");
        }
        if (current == null && !versions.isEmpty()) {
            throw invalid("currentVersion is required when there are versions");
        }
        List<CheckedChat> chats = new ArrayList<>();
        for (int i = 0; i < chatNodes.size(); i++) {
            chats.add(chat(chatNodes.get(i), "chats[" + i + "]", numbers, blobHashes));
        }
        List<CheckedResult> results = results(array(doc, "results"), numbers, blobHashes);

        Set<String> known = new HashSet<>();
        known.add(ProjectArchive.PROJECT_JSON);
        blobs.forEach(b -> known.add(ProjectArchive.BLOBS + b.sha256()));
        String editedCode = null;
        if (current != null) {
            Fragments fragment = Fragments.of(versions.stream().filter(v -> v.number() == current).findFirst().orElseThrow().fragment());
            String path = fragment.safeFilePath("fragment");
            known.add(path);
            byte[] file = files.get(path);
            if (file != null && !new String(file, StandardCharsets.UTF_8).equals(fragment.codeOrEmpty())) {
                editedCode = new String(file, StandardCharsets.UTF_8);
                if (editedCode.length() > limits.maxFragmentChars()) {
                    throw ProjectException.tooLarge("fragment_too_large", path + " is larger than a fragment may be");
                }
            }
        }
        List<String> unknown = files.keySet().stream().filter(p -> !known.contains(p)).limit(10).toList();
        if (!unknown.isEmpty()) {
            throw invalid("the archive holds files that are not part of the project: " + String.join(", ", unknown)
                    + " (a project holds its current fragment's file and " + ProjectArchive.PROJECT_JSON + " with "
                    + ProjectArchive.BLOBS + "*)");
        }
        return new Checked(name, template, createdAt, current, versions, chats, results, blobs, editedCode);
    }

    private List<CheckedBlob> blobs(JsonNode nodes, Map<String, byte[]> files) {
        List<CheckedBlob> blobs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String where = "blobs[" + i + "]";
            JsonNode node = object(nodes.get(i), where);
            String sha = text(node, "sha256", where + ".sha256");
            if (!ProjectService.isSha256(sha) || !seen.add(sha)) {
                throw invalid(where + ".sha256 must be a distinct lower-case SHA-256");
            }
            String mediaType = text(node, "mediaType", where + ".mediaType");
            if (!MEDIA_TYPE.matcher(mediaType).matches()) {
                throw invalid(where + ".mediaType must be an image type or application/pdf");
            }
            byte[] content = files.get(ProjectArchive.BLOBS + sha);
            if (content == null) {
                throw invalid(where + ": " + ProjectArchive.BLOBS + sha + " is missing");
            }
            if (!ResultImages.sha256(content).equals(sha)) {
                throw invalid(ProjectArchive.BLOBS + sha + " does not hash to its name");
            }
            blobs.add(new CheckedBlob(sha, mediaType, content));
        }
        return blobs;
    }

    private List<CheckedVersion> versions(JsonNode nodes, int chatCount) {
        List<CheckedVersion> versions = new ArrayList<>();
        int last = 0;
        for (int i = 0; i < nodes.size(); i++) {
            String where = "versions[" + i + "]";
            JsonNode node = object(nodes.get(i), where);
            int number = requiredInt(node, "number", where + ".number");
            if (number <= last) {
                throw invalid(where + ".number must be greater than the one before it");
            }
            Integer chat = optionalInt(node, "chat", where + ".chat");
            if (chat != null && (chat < 0 || chat >= chatCount)) {
                throw invalid(where + ".chat is not the index of a chat");
            }
            String source = text(node, "source", where + ".source");
            if (!SOURCES.contains(source)) {
                throw invalid(where + ".source must be one of chat, restore, import");
            }
            Integer restoredFrom = optionalInt(node, "restoredFrom", where + ".restoredFrom");
            if (restoredFrom != null && (restoredFrom >= number || versions.stream().noneMatch(v -> v.number() == restoredFrom))) {
                throw invalid(where + ".restoredFrom is not an earlier version");
            }
            JsonNode fragment = node.get("fragment");
            if (fragment == null || !fragment.isObject()) {
                throw invalid(where + ".fragment must be an object");
            }
            if (json.writeValueAsString(fragment).length() > limits.maxFragmentChars()) {
                throw ProjectException.tooLarge("fragment_too_large", where + ".fragment is larger than a fragment may be");
            }
            versions.add(new CheckedVersion(number, chat, source, restoredFrom, instant(node, "createdAt", where + ".createdAt"),
                    (ObjectNode) fragment));
            last = number;
        }
        return versions;
    }

    private CheckedChat chat(JsonNode raw, String where, Set<Integer> versions, Set<String> blobs) {
        JsonNode node = object(raw, where);
        String title = NameRules.check(where + ".title", text(node, "title", where + ".title"), limits.maxNameLength());
        Instant createdAt = instant(node, "createdAt", where + ".createdAt");
        JsonNode messageNodes = array(node, "messages");
        List<CheckedMessage> messages = new ArrayList<>();
        int last = 0;
        Instant updatedAt = createdAt;
        for (int i = 0; i < messageNodes.size(); i++) {
            String at = where + ".messages[" + i + "]";
            JsonNode m = object(messageNodes.get(i), at);
            int seq = requiredInt(m, "seq", at + ".seq");
            if (seq <= last) {
                throw invalid(at + ".seq must be greater than the one before it");
            }
            String role = text(m, "role", at + ".role");
            String status = text(m, "status", at + ".status");
            boolean valid = role.equals("user") ? status.equals("sent") || status.equals("failed")
                    : role.equals("assistant") && status.equals("done");
            if (!valid) {
                throw invalid(at + ": role and status must be user (sent or failed) or assistant (done)");
            }
            String content = text(m, "content", at + ".content");
            if (content.length() > limits.maxMessageChars()) {
                throw ProjectException.tooLarge("message_too_large", at + ".content is longer than a message may be");
            }
            Integer version = optionalInt(m, "version", at + ".version");
            if (version != null && !versions.contains(version)) {
                throw invalid(at + ".version is not one of the versions");
            }
            ArrayNode attachments = attachments(m.get("attachments"), at + ".attachments", blobs);
            Instant created = instant(m, "createdAt", at + ".createdAt");
            messages.add(new CheckedMessage(seq, role, status, content, attachments, version, created));
            updatedAt = created.isAfter(updatedAt) ? created : updatedAt;
            last = seq;
        }
        return new CheckedChat(title, createdAt, updatedAt, messages);
    }

    private ArrayNode attachments(JsonNode node, String where, Set<String> blobs) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() > limits.maxAttachments() + 20) {
            throw invalid(where + " must be an array of attachments");
        }
        for (int i = 0; i < node.size(); i++) {
            String at = where + "[" + i + "]";
            JsonNode a = object(node.get(i), at);
            String type = text(a, "type", at + ".type");
            switch (type) {
                case "image" -> {
                    if (a.hasNonNull("sha256") && !blobs.contains(a.get("sha256").asString())) {
                        throw invalid(at + ".sha256 is not one of the archive's blobs");
                    }
                    if (!a.hasNonNull("sha256") && !a.path("url").asString("").startsWith("https://")) {
                        throw invalid(at + " must name a blob (sha256) or an https url");
                    }
                }
                case "file" -> {
                    try {
                        WorkspacePath.of(text(a, "path", at + ".path"));
                    } catch (RuntimeException e) {
                        throw invalid(at + ".path is not a workspace path");
                    }
                }
                default -> throw invalid(at + ".type must be image or file");
            }
        }
        return (ArrayNode) node;
    }

    private List<CheckedResult> results(JsonNode nodes, Set<Integer> versions, Set<String> blobs) {
        List<CheckedResult> results = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String where = "results[" + i + "]";
            JsonNode node = object(nodes.get(i), where);
            int version = requiredInt(node, "version", where + ".version");
            if (!versions.contains(version)) {
                throw invalid(where + ".version is not one of the versions");
            }
            String template = text(node, "template", where + ".template");
            if (template.length() > 64) {
                throw invalid(where + ".template is too long");
            }
            JsonNode cells = node.get("cellResults");
            if (cells == null || !cells.isArray()) {
                throw invalid(where + ".cellResults must be an array");
            }
            for (String sha : ResultImages.hashes((ArrayNode) cells)) {
                if (!blobs.contains(sha)) {
                    throw invalid(where + ".cellResults refers to an image that is not in the archive");
                }
            }
            results.add(new CheckedResult(version, template, optionalText(node, "stdout", where + ".stdout"),
                    optionalText(node, "stderr", where + ".stderr"), ProjectArchive.nullable(node.get("runtimeError")),
                    (ArrayNode) cells, instant(node, "createdAt", where + ".createdAt")));
        }
        return results;
    }

    private static JsonNode object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw invalid(where + " must be an object");
        }
        return node;
    }

    private static JsonNode array(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isArray()) {
            throw invalid(field + " must be an array");
        }
        return node;
    }

    private static String text(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isString()) {
            throw invalid(where + " must be a string");
        }
        return node.stringValue();
    }

    private static String optionalText(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw invalid(where + " must be a string");
        }
        return node.stringValue();
    }

    private static int requiredInt(JsonNode parent, String field, String where) {
        Integer value = optionalInt(parent, field, where);
        if (value == null) {
            throw invalid(where + " is required");
        }
        return value;
    }

    private static Integer optionalInt(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
            throw invalid(where + " must be a non-negative integer");
        }
        return node.intValue();
    }

    private static Instant instant(JsonNode parent, String field, String where) {
        try {
            return Instant.parse(text(parent, field, where)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw invalid(where + " is not an ISO-8601 instant");
        }
    }

    private static ProjectException invalid(String message) {
        return ProjectException.invalid("invalid_archive", message);
    }
}
