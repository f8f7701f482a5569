package io.codingit.projects.internal;

import io.codingit.projects.ProjectException;
import io.codingit.projects.internal.ProjectRecords.Blob;
import io.codingit.projects.internal.ProjectRecords.Chat;
import io.codingit.projects.internal.ProjectRecords.Message;
import io.codingit.projects.internal.ProjectRecords.Project;
import io.codingit.projects.internal.ProjectRecords.Result;
import io.codingit.projects.internal.ProjectRecords.Version;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A project as files: the current version's code at its own path, {@code .codingit/project.json} (the chats
 * with every message, every version's fragment, the results) and {@code .codingit/blobs/<sha256>} (the
 * images). The same layout is the zip, the workspace folder and the GitHub repository. Nothing that is
 * only meaningful on this server (ids, sandbox ids, preview URLs) is written, so that an export imported
 * and exported again gives the same files.
 */
@Service
class ProjectArchive {
    static final String PROJECT_JSON = ".codingit/project.json";
    static final String BLOBS = ".codingit/blobs/";
    static final String FORMAT = "codingit-project";
    static final int FORMAT_VERSION = 1;

    private final ProjectService projects;
    private final JsonMapper json;

    ProjectArchive(ProjectService projects, JsonMapper json) {
        this.projects = projects;
        this.json = json;
    }

    /** The project's files by path. */
    SortedMap<String, byte[]> contents(String userId, String projectId) {
        Project project = projects.require(userId, projectId);
        ProjectStore store = projects.store();
        List<Version> versions = store.versions(projectId);
        List<Chat> chats = store.listChats(projectId);
        Map<String, Integer> chatIndex = new HashMap<>();
        for (int i = 0; i < chats.size(); i++) {
            chatIndex.put(chats.get(i).id(), i);
        }
        ObjectNode doc = json.createObjectNode();
        doc.put("format", FORMAT);
        doc.put("formatVersion", FORMAT_VERSION);
        doc.put("name", project.name());
        doc.put("template", project.template());
        doc.put("currentVersion", project.currentVersion());
        doc.put("createdAt", project.createdAt().toString());
        ArrayNode versionNodes = doc.putArray("versions");
        for (Version v : versions) {
            ObjectNode node = versionNodes.addObject();
            node.put("number", v.number());
            node.put("chat", v.chatId() == null ? null : chatIndex.get(v.chatId()));
            node.put("source", v.source());
            node.put("restoredFrom", v.restoredFrom());
            node.put("createdAt", v.createdAt().toString());
            node.set("fragment", json.readTree(v.fragment()));
        }
        ArrayNode chatNodes = doc.putArray("chats");
        for (Chat c : chats) {
            ObjectNode node = chatNodes.addObject();
            node.put("title", c.title());
            node.put("createdAt", c.createdAt().toString());
            ArrayNode messages = node.putArray("messages");
            for (Message m : store.messages(projectId, c.id(), 0, Integer.MAX_VALUE)) {
                ObjectNode mn = messages.addObject();
                mn.put("seq", m.seq());
                mn.put("role", m.role());
                mn.put("status", m.status());
                mn.put("content", m.content());
                mn.set("attachments", m.attachments() == null ? null : json.readTree(m.attachments()));
                mn.put("version", m.version());
                mn.put("createdAt", m.createdAt().toString());
            }
        }
        ArrayNode resultNodes = doc.putArray("results");
        for (Result r : store.results(projectId)) {
            ObjectNode node = resultNodes.addObject();
            node.put("version", r.version());
            node.put("template", r.template());
            node.put("stdout", r.stdout());
            node.put("stderr", r.stderr());
            node.set("runtimeError", r.runtimeError() == null ? null : json.readTree(r.runtimeError()));
            node.set("cellResults", r.cellResults() == null ? json.createArrayNode() : json.readTree(r.cellResults()));
            node.put("createdAt", r.createdAt().toString());
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        ArrayNode blobNodes = doc.putArray("blobs");
        for (Blob b : store.blobs(projectId)) {
            blobNodes.addObject().put("sha256", b.sha256()).put("mediaType", b.mediaType());
            files.put(BLOBS + b.sha256(), b.content());
        }
        files.put(PROJECT_JSON, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
        if (project.currentVersion() != null) {
            Fragments current = Fragments.parse(json, projects.requireVersion(projectId, project.currentVersion()).fragment(),
                    Integer.MAX_VALUE);
            files.put(current.safeFilePath("fragment"), current.codeOrEmpty().getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    /** A project made from archive files, all checked before anything is stored, then stored in one transaction. */
    Project importContents(String userId, SortedMap<String, byte[]> files) {
        ArchiveReader.Checked checked = new ArchiveReader(projects, json).check(files);
        projects.checkRoomForAnother(userId);
        return projects.tx().execute(s -> store(userId, checked));
    }

    private Project store(String userId, ArchiveReader.Checked a) {
        ProjectStore store = projects.store();
        Project project = new Project(ProjectService.newId(), userId, a.name(), a.template(), null, a.createdAt(), projects.now());
        store.insertProject(project);
        for (ArchiveReader.CheckedBlob b : a.blobs()) {
            store.putBlob(project.id(), b.sha256(), b.mediaType(), b.content(), project.updatedAt());
        }
        Map<Integer, String> chatIds = new LinkedHashMap<>();
        for (int i = 0; i < a.chats().size(); i++) {
            ArchiveReader.CheckedChat c = a.chats().get(i);
            Chat chat = new Chat(ProjectService.newId(), project.id(), c.title(), 0, c.createdAt(), c.updatedAt());
            store.insertChat(chat);
            chatIds.put(i, chat.id());
        }
        for (ArchiveReader.CheckedVersion v : a.versions()) {
            Fragments f = Fragments.of(v.fragment());
            store.insertVersion(project.id(), new Version(v.number(), v.chat() == null ? null : chatIds.get(v.chat()),
                    v.source(), v.restoredFrom(), ProjectService.cut(f.title(), 500), ProjectService.cut(f.template(), 64),
                    ProjectService.cut(f.filePath(), 1024), json.writeValueAsString(v.fragment()), v.createdAt()));
        }
        store.setVersionCounters(project.id(), a.versions().isEmpty() ? 0 : a.versions().getLast().number(), a.currentVersion());
        for (int i = 0; i < a.chats().size(); i++) {
            ArchiveReader.CheckedChat c = a.chats().get(i);
            for (ArchiveReader.CheckedMessage m : c.messages()) {
                store.insertMessage(chatIds.get(i), m.seq(), m.role(), m.status(), m.content(),
                        m.attachments() == null ? null : json.writeValueAsString(m.attachments()), m.version(), m.createdAt());
            }
            store.setMessageCounter(chatIds.get(i), c.messages().isEmpty() ? 0 : c.messages().getLast().seq());
        }
        for (ArchiveReader.CheckedResult r : a.results()) {
            store.insertResult(project.id(), new Result(ProjectService.newId(), r.version(), null, r.template(), null,
                    r.stdout(), r.stderr(), r.runtimeError() == null ? null : json.writeValueAsString(r.runtimeError()),
                    json.writeValueAsString(r.cellResults()), r.createdAt()), ResultImages.hashes(r.cellResults()));
        }
        if (a.editedCode() != null) {
            // The archive's file was changed outside CodingIT: it becomes the newest version.
            ObjectNode edited = a.versions().stream().filter(v -> v.number() == a.currentVersion()).findFirst()
                    .orElseThrow().fragment().deepCopy();
            edited.put("code", a.editedCode());
            projects.addVersion(project.id(), null, "import", Fragments.of(edited), json.writeValueAsString(edited), projects.now());
        }
        return projects.require(userId, project.id());
    }

    static JsonNode nullable(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
