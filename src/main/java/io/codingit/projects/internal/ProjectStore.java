package io.codingit.projects.internal;

import io.codingit.projects.internal.ProjectRecords.Blob;
import io.codingit.projects.internal.ProjectRecords.Chat;
import io.codingit.projects.internal.ProjectRecords.Message;
import io.codingit.projects.internal.ProjectRecords.OpenShare;
import io.codingit.projects.internal.ProjectRecords.Project;
import io.codingit.projects.internal.ProjectRecords.Result;
import io.codingit.projects.internal.ProjectRecords.Share;
import io.codingit.projects.internal.ProjectRecords.Version;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The projects tables. Every read that a route makes is scoped by the owner's id in the same statement,
 * so that another user's project is simply not found. Counters (a chat's message sequence, a project's
 * version sequence) are incremented by an UPDATE, whose row lock orders concurrent writers until the
 * caller's transaction ends.
 */
@Repository
class ProjectStore {
    private static final String PROJECT_COLUMNS = "p.id, p.user_id, p.name, p.template, p.current_version, p.created_at, p.updated_at";
    private static final RowMapper<Project> PROJECT = (rs, n) -> new Project(rs.getString("id"), rs.getString("user_id"),
            rs.getString("name"), rs.getString("template"), (Integer) rs.getObject("current_version", Integer.class),
            instant(rs, "created_at"), instant(rs, "updated_at"));
    private static final String CHAT_COLUMNS = "c.id, c.project_id, c.title, c.message_seq, c.created_at, c.updated_at";
    private static final RowMapper<Chat> CHAT = (rs, n) -> new Chat(rs.getString("id"), rs.getString("project_id"),
            rs.getString("title"), rs.getInt("message_seq"), instant(rs, "created_at"), instant(rs, "updated_at"));
    private static final RowMapper<Message> MESSAGE = (rs, n) -> new Message(rs.getInt("seq"), rs.getString("role"),
            rs.getString("status"), rs.getString("content"), rs.getString("attachments"),
            rs.getObject("fragment_version", Integer.class), rs.getString("fragment"), instant(rs, "created_at"));
    private static final String VERSION_COLUMNS = "number, chat_id, source, restored_from, title, template, file_path, fragment, created_at";
    private static final RowMapper<Version> VERSION = (rs, n) -> new Version(rs.getInt("number"), rs.getString("chat_id"),
            rs.getString("source"), rs.getObject("restored_from", Integer.class), rs.getString("title"),
            rs.getString("template"), rs.getString("file_path"), rs.getString("fragment"), instant(rs, "created_at"));
    private static final String RESULT_COLUMNS = "id, version, sandbox_id, template, preview_url, stdout, stderr, runtime_error, cell_results, created_at";
    private static final RowMapper<Result> RESULT = (rs, n) -> new Result(rs.getString("id"), rs.getInt("version"),
            rs.getString("sandbox_id"), rs.getString("template"), rs.getString("preview_url"), rs.getString("stdout"),
            rs.getString("stderr"), rs.getString("runtime_error"), rs.getString("cell_results"), instant(rs, "created_at"));
    private static final RowMapper<Share> SHARE = (rs, n) -> new Share(rs.getString("id"), rs.getString("project_id"),
            rs.getInt("version"), instant(rs, "created_at"), instant(rs, "revoked_at"));
    private static final RowMapper<Blob> BLOB = (rs, n) -> new Blob(rs.getString("sha256"), rs.getString("media_type"),
            rs.getBytes("content"));

    /**
     * An answer's fragment, looked up by the version's primary key for each message. A correlated lookup rather
     * than a join: with a join, PostgreSQL with fresh (unanalysed) statistics scanned every version of the project
     * for every message (949 ms for a chat of 1,400 messages, 0.2 ms this way).
     */
    private static final String FRAGMENT_OF_MESSAGE = """
            (SELECT v.fragment FROM fragment_versions v WHERE v.project_id = :projectId AND v.number = m.fragment_version) AS fragment""";

    private final JdbcClient jdbc;

    ProjectStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- projects ----

    void insertProject(Project p) {
        jdbc.sql("""
                        INSERT INTO projects (id, user_id, name, template, version_seq, current_version, created_at, updated_at)
                        VALUES (:id, :userId, :name, :template, 0, NULL, :createdAt, :updatedAt)""")
                .param("id", p.id()).param("userId", p.userId()).param("name", p.name()).param("template", p.template())
                .param("createdAt", utc(p.createdAt())).param("updatedAt", utc(p.updatedAt()))
                .update();
    }

    long countProjects(String userId) {
        return jdbc.sql("SELECT COUNT(*) FROM projects WHERE user_id = :userId").param("userId", userId).query(Long.class).single();
    }

    Optional<Project> findProject(String userId, String projectId) {
        return jdbc.sql("SELECT " + PROJECT_COLUMNS + " FROM projects p WHERE p.id = :id AND p.user_id = :userId")
                .param("id", projectId).param("userId", userId).query(PROJECT).optional();
    }

    /** Most recent first; {@code after} is the last row of the previous page (null for the first). */
    List<Project> listProjects(String userId, String nameContains, ProjectCursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + PROJECT_COLUMNS + " FROM projects p WHERE p.user_id = :userId");
        if (nameContains != null) {
            sql.append(" AND LOWER(p.name) LIKE :pattern ESCAPE '!'");
        }
        if (after != null) {
            sql.append(" AND (p.updated_at < :t OR (p.updated_at = :t AND p.id < :id))");
        }
        sql.append(" ORDER BY p.updated_at DESC, p.id DESC LIMIT :limit");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("userId", userId).param("limit", limit);
        if (nameContains != null) {
            statement = statement.param("pattern", "%" + likeEscaped(nameContains.toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (after != null) {
            statement = statement.param("t", utc(after.updatedAt())).param("id", after.id());
        }
        return statement.query(PROJECT).list();
    }

    boolean renameProject(String userId, String projectId, String name, Instant now) {
        return jdbc.sql("UPDATE projects SET name = :name, updated_at = :now WHERE id = :id AND user_id = :userId")
                .param("name", name).param("now", utc(now)).param("id", projectId).param("userId", userId)
                .update() == 1;
    }

    boolean deleteProject(String userId, String projectId) {
        return jdbc.sql("DELETE FROM projects WHERE id = :id AND user_id = :userId")
                .param("id", projectId).param("userId", userId).update() == 1;
    }

    void touchProject(String projectId, Instant now) {
        jdbc.sql("UPDATE projects SET updated_at = :now WHERE id = :id").param("now", utc(now)).param("id", projectId).update();
    }

    /** Hands out the project's next version number and makes it the current one (locks the row until commit). */
    int nextVersion(String projectId, Instant now) {
        jdbc.sql("""
                        UPDATE projects SET version_seq = version_seq + 1, current_version = version_seq + 1, updated_at = :now
                        WHERE id = :id""")
                .param("now", utc(now)).param("id", projectId).update();
        return jdbc.sql("SELECT version_seq FROM projects WHERE id = :id").param("id", projectId).query(Integer.class).single();
    }

    /** For an import: the counters as the archive left them. */
    void setVersionCounters(String projectId, int lastNumber, Integer current) {
        jdbc.sql("UPDATE projects SET version_seq = :seq, current_version = :current WHERE id = :id")
                .param("seq", lastNumber).param("current", current).param("id", projectId).update();
    }

    // ---- chats and messages ----

    void insertChat(Chat c) {
        jdbc.sql("""
                        INSERT INTO project_chats (id, project_id, title, message_seq, created_at, updated_at)
                        VALUES (:id, :projectId, :title, 0, :createdAt, :updatedAt)""")
                .param("id", c.id()).param("projectId", c.projectId()).param("title", c.title())
                .param("createdAt", utc(c.createdAt())).param("updatedAt", utc(c.updatedAt()))
                .update();
    }

    /** The chat, if it belongs to this project of this user. */
    Optional<Chat> findChat(String userId, String projectId, String chatId) {
        return jdbc.sql("SELECT " + CHAT_COLUMNS + """
                         FROM project_chats c JOIN projects p ON p.id = c.project_id
                        WHERE c.id = :chatId AND c.project_id = :projectId AND p.user_id = :userId""")
                .param("chatId", chatId).param("projectId", projectId).param("userId", userId)
                .query(CHAT).optional();
    }

    List<Chat> listChats(String projectId) {
        return jdbc.sql("SELECT " + CHAT_COLUMNS + " FROM project_chats c WHERE c.project_id = :projectId ORDER BY c.created_at, c.id")
                .param("projectId", projectId).query(CHAT).list();
    }

    boolean renameChat(String projectId, String chatId, String title, Instant now) {
        return jdbc.sql("UPDATE project_chats SET title = :title, updated_at = :now WHERE id = :id AND project_id = :projectId")
                .param("title", title).param("now", utc(now)).param("id", chatId).param("projectId", projectId).update() == 1;
    }

    boolean deleteChat(String projectId, String chatId) {
        return jdbc.sql("DELETE FROM project_chats WHERE id = :id AND project_id = :projectId")
                .param("id", chatId).param("projectId", projectId).update() == 1;
    }

    /** Appends a message with the chat's next sequence number (locks the chat row until commit). */
    int appendMessage(String chatId, String role, String status, String content, String attachments, Integer version,
                      Instant now) {
        jdbc.sql("UPDATE project_chats SET message_seq = message_seq + 1, updated_at = :now WHERE id = :id")
                .param("now", utc(now)).param("id", chatId).update();
        int seq = jdbc.sql("SELECT message_seq FROM project_chats WHERE id = :id").param("id", chatId)
                .query(Integer.class).single();
        insertMessage(chatId, seq, role, status, content, attachments, version, now);
        return seq;
    }

    void insertMessage(String chatId, int seq, String role, String status, String content, String attachments,
                       Integer version, Instant createdAt) {
        jdbc.sql("""
                        INSERT INTO project_messages (chat_id, seq, role, status, content, attachments, fragment_version, created_at)
                        VALUES (:chatId, :seq, :role, :status, :content, :attachments, :version, :createdAt)""")
                .param("chatId", chatId).param("seq", seq).param("role", role).param("status", status)
                .param("content", content).param("attachments", attachments).param("version", version)
                .param("createdAt", utc(createdAt))
                .update();
    }

    void setMessageCounter(String chatId, int lastSeq) {
        jdbc.sql("UPDATE project_chats SET message_seq = :seq WHERE id = :id").param("seq", lastSeq).param("id", chatId).update();
    }

    void setMessageStatus(String chatId, int seq, String status) {
        jdbc.sql("UPDATE project_messages SET status = :status WHERE chat_id = :chatId AND seq = :seq")
                .param("status", status).param("chatId", chatId).param("seq", seq).update();
    }

    /** Messages after {@code afterSeq}, in order, each assistant message with its fragment. */
    List<Message> messages(String projectId, String chatId, int afterSeq, int limit) {
        return jdbc.sql("""
                        SELECT m.seq, m.role, m.status, m.content, m.attachments, m.fragment_version, """ + FRAGMENT_OF_MESSAGE + """
                               , m.created_at
                          FROM project_messages m
                         WHERE m.chat_id = :chatId AND m.seq > :after
                         ORDER BY m.seq LIMIT :limit""")
                .param("projectId", projectId).param("chatId", chatId).param("after", afterSeq).param("limit", limit)
                .query(MESSAGE).list();
    }

    /** A chat with the messages that can go back to the model; empty when the chat is not this owner's. */
    record ChatWindow(Chat chat, List<Message> newestFirst) {
    }

    /**
     * The chat (checked against its project and owner) and its last {@code window} messages, failed ones left out,
     * newest first — in one statement, since this is on the path to a project chat's first byte.
     */
    Optional<ChatWindow> chatWindow(String userId, String projectId, String chatId, int window) {
        List<Object[]> rows = new ArrayList<>();
        jdbc.sql("SELECT " + CHAT_COLUMNS + """
                        , m.seq, m.role, m.status, m.content, m.attachments, m.fragment_version, """ + FRAGMENT_OF_MESSAGE + """
                               , m.created_at AS m_created_at
                          FROM project_chats c
                          JOIN projects p ON p.id = c.project_id
                          LEFT JOIN project_messages m ON m.chat_id = c.id AND m.seq > c.message_seq - :window AND m.status <> 'failed'
                         WHERE c.id = :chatId AND c.project_id = :projectId AND p.user_id = :userId
                         ORDER BY m.seq DESC""")
                .param("window", window).param("chatId", chatId).param("projectId", projectId).param("userId", userId)
                .query((rs, n) -> {
                    Chat chat = CHAT.mapRow(rs, n);
                    Integer seq = rs.getObject("seq", Integer.class);
                    Message m = seq == null ? null : new Message(seq, rs.getString("role"), rs.getString("status"),
                            rs.getString("content"), rs.getString("attachments"), rs.getObject("fragment_version", Integer.class),
                            rs.getString("fragment"), instant(rs, "m_created_at"));
                    return new Object[]{chat, m};
                }).list().forEach(rows::add);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Message> messages = rows.stream().map(r -> (Message) r[1]).filter(java.util.Objects::nonNull).toList();
        return Optional.of(new ChatWindow((Chat) rows.getFirst()[0], messages));
    }

    // ---- fragment versions ----

    void insertVersion(String projectId, Version v) {
        jdbc.sql("""
                        INSERT INTO fragment_versions (project_id, number, chat_id, source, restored_from, title, template,
                                                       file_path, fragment, created_at)
                        VALUES (:projectId, :number, :chatId, :source, :restoredFrom, :title, :template, :filePath,
                                :fragment, :createdAt)""")
                .param("projectId", projectId).param("number", v.number()).param("chatId", v.chatId())
                .param("source", v.source()).param("restoredFrom", v.restoredFrom()).param("title", v.title())
                .param("template", v.template()).param("filePath", v.filePath()).param("fragment", v.fragment())
                .param("createdAt", utc(v.createdAt()))
                .update();
    }

    Optional<Version> version(String projectId, int number) {
        return jdbc.sql("SELECT " + VERSION_COLUMNS + " FROM fragment_versions WHERE project_id = :projectId AND number = :number")
                .param("projectId", projectId).param("number", number).query(VERSION).optional();
    }

    List<Version> versions(String projectId) {
        return jdbc.sql("SELECT " + VERSION_COLUMNS + " FROM fragment_versions WHERE project_id = :projectId ORDER BY number")
                .param("projectId", projectId).query(VERSION).list();
    }

    /** Version numbers that have at least one result. */
    List<Integer> versionsWithResults(String projectId) {
        return jdbc.sql("SELECT DISTINCT version FROM run_results WHERE project_id = :projectId ORDER BY version")
                .param("projectId", projectId).query(Integer.class).list();
    }

    // ---- results and blobs ----

    void insertResult(String projectId, Result r, Collection<String> blobHashes) {
        jdbc.sql("""
                        INSERT INTO run_results (id, project_id, version, sandbox_id, template, preview_url, stdout, stderr,
                                                 runtime_error, cell_results, created_at)
                        VALUES (:id, :projectId, :version, :sandboxId, :template, :previewUrl, :stdout, :stderr,
                                :runtimeError, :cellResults, :createdAt)""")
                .param("id", r.id()).param("projectId", projectId).param("version", r.version())
                .param("sandboxId", r.sandboxId()).param("template", r.template()).param("previewUrl", r.previewUrl())
                .param("stdout", r.stdout()).param("stderr", r.stderr()).param("runtimeError", r.runtimeError())
                .param("cellResults", r.cellResults()).param("createdAt", utc(r.createdAt()))
                .update();
        for (String sha : blobHashes) {
            jdbc.sql("INSERT INTO result_blobs (result_id, sha256) VALUES (:id, :sha)").param("id", r.id()).param("sha", sha).update();
        }
    }

    Optional<Result> latestResult(String projectId, int version) {
        return jdbc.sql("SELECT " + RESULT_COLUMNS + """
                         FROM run_results WHERE project_id = :projectId AND version = :version
                        ORDER BY created_at DESC, id DESC LIMIT 1""")
                .param("projectId", projectId).param("version", version).query(RESULT).optional();
    }

    List<Result> results(String projectId) {
        return jdbc.sql("SELECT " + RESULT_COLUMNS + " FROM run_results WHERE project_id = :projectId ORDER BY version, created_at, id")
                .param("projectId", projectId).query(RESULT).list();
    }

    /** Stores the bytes unless the project holds them already (same hash: same bytes). */
    void putBlob(String projectId, String sha256, String mediaType, byte[] content, Instant now) {
        if (hasBlob(projectId, sha256)) {
            return;
        }
        try {
            jdbc.sql("""
                            INSERT INTO project_blobs (project_id, sha256, media_type, size_bytes, content, created_at)
                            VALUES (:projectId, :sha, :mediaType, :size, :content, :now)""")
                    .param("projectId", projectId).param("sha", sha256).param("mediaType", mediaType)
                    .param("size", (long) content.length).param("content", content).param("now", utc(now))
                    .update();
        } catch (DuplicateKeyException concurrentlyStored) {
            // another request stored the same bytes first
        }
    }

    boolean hasBlob(String projectId, String sha256) {
        return jdbc.sql("SELECT COUNT(*) FROM project_blobs WHERE project_id = :projectId AND sha256 = :sha")
                .param("projectId", projectId).param("sha", sha256).query(Long.class).single() > 0;
    }

    Optional<Blob> blob(String projectId, String sha256) {
        return jdbc.sql("SELECT sha256, media_type, content FROM project_blobs WHERE project_id = :projectId AND sha256 = :sha")
                .param("projectId", projectId).param("sha", sha256).query(BLOB).optional();
    }

    List<Blob> blobs(String projectId) {
        return jdbc.sql("SELECT sha256, media_type, content FROM project_blobs WHERE project_id = :projectId ORDER BY sha256")
                .param("projectId", projectId).query(BLOB).list();
    }

    /** A blob only if the given result lists it: what a share of that result may show. */
    Optional<Blob> blobOfResult(String projectId, String resultId, String sha256) {
        return jdbc.sql("""
                        SELECT b.sha256, b.media_type, b.content
                          FROM result_blobs rb JOIN project_blobs b ON b.project_id = :projectId AND b.sha256 = rb.sha256
                         WHERE rb.result_id = :resultId AND rb.sha256 = :sha""")
                .param("projectId", projectId).param("resultId", resultId).param("sha", sha256).query(BLOB).optional();
    }

    // ---- shares ----

    void insertShare(Share s) {
        jdbc.sql("INSERT INTO project_shares (id, project_id, version, created_at, revoked_at) VALUES (:id, :projectId, :version, :createdAt, NULL)")
                .param("id", s.id()).param("projectId", s.projectId()).param("version", s.version())
                .param("createdAt", utc(s.createdAt())).update();
    }

    List<Share> shares(String projectId) {
        return jdbc.sql("SELECT id, project_id, version, created_at, revoked_at FROM project_shares WHERE project_id = :projectId ORDER BY created_at DESC, id")
                .param("projectId", projectId).query(SHARE).list();
    }

    boolean revokeShare(String projectId, String shareId, Instant now) {
        return jdbc.sql("UPDATE project_shares SET revoked_at = :now WHERE id = :id AND project_id = :projectId AND revoked_at IS NULL")
                .param("now", utc(now)).param("id", shareId).param("projectId", projectId).update() == 1;
    }

    Optional<Share> share(String projectId, String shareId) {
        return jdbc.sql("SELECT id, project_id, version, created_at, revoked_at FROM project_shares WHERE id = :id AND project_id = :projectId")
                .param("id", shareId).param("projectId", projectId).query(SHARE).optional();
    }

    /** An unrevoked share with its project's owner. */
    Optional<OpenShare> openShare(String shareId) {
        return jdbc.sql("""
                        SELECT s.id, s.project_id, s.version, s.created_at, s.revoked_at, p.user_id
                          FROM project_shares s JOIN projects p ON p.id = s.project_id
                         WHERE s.id = :id AND s.revoked_at IS NULL""")
                .param("id", shareId)
                .query((rs, n) -> new OpenShare(SHARE.mapRow(rs, n), rs.getString("user_id"))).optional();
    }

    // ---- helpers ----

    static String likeEscaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '!' || c == '%' || c == '_') {
                out.append('!');
            }
            out.append(c);
        }
        return out.toString();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Position in the project list: the last row of a page. */
    record ProjectCursor(Instant updatedAt, String id) {
    }

    static <T> List<T> reversed(List<T> newestFirst) {
        List<T> list = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(list);
        return list;
    }
}
