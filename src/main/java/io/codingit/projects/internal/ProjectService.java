package io.codingit.projects.internal;

import io.codingit.common.UnifiedDiff;
import io.codingit.projects.ProjectException;
import io.codingit.projects.ProjectsProperties;
import io.codingit.projects.internal.ProjectRecords.Blob;
import io.codingit.projects.internal.ProjectRecords.Chat;
import io.codingit.projects.internal.ProjectRecords.Message;
import io.codingit.projects.internal.ProjectRecords.Project;
import io.codingit.projects.internal.ProjectRecords.Result;
import io.codingit.projects.internal.ProjectRecords.Version;
import io.codingit.sandbox.Sandboxes;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Projects, their chats, versions and results for the routes. Every method takes the caller's id first
 * and answers 404 for what is not theirs, whatever it is.
 */
@Service
class ProjectService {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final int MAX_PAGE = 200;
    static final int MAX_MESSAGES_PAGE = 2000;

    private final ProjectStore store;
    private final ProjectsProperties properties;
    private final Sandboxes sandboxes;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final Clock clock;

    ProjectService(ProjectStore store, ProjectsProperties properties, Sandboxes sandboxes, JsonMapper json,
                   PlatformTransactionManager transactions) {
        this.store = store;
        this.properties = properties;
        this.sandboxes = sandboxes;
        this.json = json;
        this.tx = new TransactionTemplate(transactions);
        this.clock = Clock.systemUTC();
    }

    ProjectStore store() {
        return store;
    }

    TransactionTemplate tx() {
        return tx;
    }

    ProjectsProperties properties() {
        return properties;
    }

    /** Now, to the millisecond: what both databases keep exactly, so an export read back is the same. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    // ---- projects ----

    Project create(String userId, String rawName, String rawTemplate) {
        String name = NameRules.check("name", rawName, properties.maxNameLength());
        String template = template(rawTemplate);
        checkRoomForAnother(userId);
        Instant now = now();
        Project project = new Project(newId(), userId, name, template, null, now, now);
        store.insertProject(project);
        return project;
    }

    /** 409 when the user has as many projects as allowed (imports count too). */
    void checkRoomForAnother(String userId) {
        if (store.countProjects(userId) >= properties.maxProjectsPerUser()) {
            throw ProjectException.conflict("too_many_projects", "you have " + properties.maxProjectsPerUser()
                    + " projects, the most allowed here; delete one first");
        }
    }

    /** A template id the sandbox feature knows (400 naming the valid ones otherwise). */
    String template(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProjectException.invalid("template is required");
        }
        String id = raw.strip();
        if (sandboxes.templates().stream().noneMatch(t -> t.id().equals(id))) {
            throw ProjectException.invalid("unknown_template", "template '" + NameRules.titleFrom(id, 64)
                    + "' is unknown; valid ids: " + String.join(", ", sandboxes.templates().stream().map(t -> t.id()).toList()));
        }
        return id;
    }

    Project require(String userId, String projectId) {
        if (projectId == null || !ID.matcher(projectId).matches()) {
            throw ProjectException.notFound("project");
        }
        return store.findProject(userId, projectId).orElseThrow(() -> ProjectException.notFound("project"));
    }

    record Page(List<Project> projects, String nextCursor) {
    }

    Page list(String userId, String query, String cursor, Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw ProjectException.invalid("limit must be between 1 and " + MAX_PAGE);
        }
        String q = query == null || query.isBlank() ? null : query.strip();
        if (q != null && q.length() > properties.maxNameLength()) {
            throw ProjectException.invalid("q has more than " + properties.maxNameLength() + " characters");
        }
        List<Project> rows = store.listProjects(userId, q, ProjectCursors.decode(cursor), size + 1);
        boolean more = rows.size() > size;
        List<Project> page = more ? rows.subList(0, size) : rows;
        return new Page(List.copyOf(page), more ? ProjectCursors.encode(page.getLast()) : null);
    }

    Project rename(String userId, String projectId, String rawName) {
        String name = NameRules.check("name", rawName, properties.maxNameLength());
        require(userId, projectId);
        store.renameProject(userId, projectId, name, now());
        return require(userId, projectId);
    }

    void delete(String userId, String projectId) {
        require(userId, projectId);
        store.deleteProject(userId, projectId);
    }

    // ---- chats ----

    Chat createChat(String userId, String projectId, String rawTitle) {
        require(userId, projectId);
        String title = rawTitle == null ? "New chat" : NameRules.check("title", rawTitle, properties.maxNameLength());
        Instant now = now();
        Chat chat = new Chat(newId(), projectId, title, 0, now, now);
        tx.executeWithoutResult(s -> {
            store.insertChat(chat);
            store.touchProject(projectId, now);
        });
        return chat;
    }

    /** The chat, or 404 naming the project when that is what is missing (for the routes). */
    Chat requireChat(String userId, String projectId, String chatId) {
        require(userId, projectId);
        checkIds(projectId, chatId);
        return store.findChat(userId, projectId, chatId).orElseThrow(() -> ProjectException.notFound("chat"));
    }

    /** 404 for ids that cannot be ours, before any query. */
    void checkIds(String projectId, String chatId) {
        if (projectId == null || !ID.matcher(projectId).matches()) {
            throw ProjectException.notFound("project");
        }
        if (chatId == null || !ID.matcher(chatId).matches()) {
            throw ProjectException.notFound("chat");
        }
    }

    List<Chat> chats(String userId, String projectId) {
        require(userId, projectId);
        return store.listChats(projectId);
    }

    Chat renameChat(String userId, String projectId, String chatId, String rawTitle) {
        String title = NameRules.check("title", rawTitle, properties.maxNameLength());
        requireChat(userId, projectId, chatId);
        store.renameChat(projectId, chatId, title, now());
        return requireChat(userId, projectId, chatId);
    }

    void deleteChat(String userId, String projectId, String chatId) {
        requireChat(userId, projectId, chatId);
        store.deleteChat(projectId, chatId);
    }

    List<Message> messages(String userId, String projectId, String chatId, Integer after, Integer limit) {
        requireChat(userId, projectId, chatId);
        int size = limit == null ? MAX_MESSAGES_PAGE : limit;
        if (size < 1 || size > MAX_MESSAGES_PAGE) {
            throw ProjectException.invalid("limit must be between 1 and " + MAX_MESSAGES_PAGE);
        }
        if (after != null && after < 0) {
            throw ProjectException.invalid("after must not be negative");
        }
        return store.messages(projectId, chatId, after == null ? 0 : after, size);
    }

    // ---- versions ----

    List<Version> versions(String userId, String projectId) {
        require(userId, projectId);
        return store.versions(projectId);
    }

    Version version(String userId, String projectId, int number) {
        require(userId, projectId);
        return requireVersion(projectId, number);
    }

    Version requireVersion(String projectId, int number) {
        return store.version(projectId, number).orElseThrow(() -> ProjectException.notFound("version " + number));
    }

    Optional<Result> latestResult(String projectId, int number) {
        return store.latestResult(projectId, number);
    }

    /** Makes an older version the current one by copying it into a new version: history is never rewritten. */
    Version restore(String userId, String projectId, int number) {
        require(userId, projectId);
        Version source = requireVersion(projectId, number);
        return tx.execute(s -> {
            Instant now = now();
            int next = store.nextVersion(projectId, now);
            Version restored = new Version(next, null, "restore", number, source.title(), source.template(),
                    source.filePath(), source.fragment(), now);
            store.insertVersion(projectId, restored);
            return restored;
        });
    }

    /** Stores a fragment as the project's next version (the caller holds the transaction). */
    Version addVersion(String projectId, String chatId, String source, Fragments fragment, String fragmentJson, Instant now) {
        int next = store.nextVersion(projectId, now);
        Version version = new Version(next, chatId, source, null, cut(fragment.title(), 500), cut(fragment.template(), 64),
                cut(fragment.filePath(), 1024), fragmentJson, now);
        store.insertVersion(projectId, version);
        return version;
    }

    record Diff(Version from, Version to, String unified, int added, int removed) {
    }

    Diff diff(String userId, String projectId, int from, int to) {
        require(userId, projectId);
        Version a = requireVersion(projectId, from);
        Version b = requireVersion(projectId, to);
        Fragments fa = Fragments.parse(json, a.fragment(), Integer.MAX_VALUE);
        Fragments fb = Fragments.parse(json, b.fragment(), Integer.MAX_VALUE);
        UnifiedDiff.Result d = UnifiedDiff.unified(fa.safeFilePath("fragment"), fa.codeOrEmpty(),
                fb.safeFilePath("fragment"), fb.codeOrEmpty());
        return new Diff(a, b, d.text(), d.added(), d.removed());
    }

    // ---- blobs ----

    Blob blob(String userId, String projectId, String sha256) {
        require(userId, projectId);
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw ProjectException.notFound("image");
        }
        return store.blob(projectId, sha256).orElseThrow(() -> ProjectException.notFound("image"));
    }

    static boolean isSha256(String value) {
        return value != null && SHA256.matcher(value).matches();
    }

    static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
