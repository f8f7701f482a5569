package io.codingit.projects.internal;

import io.codingit.files.WorkspaceFile;
import io.codingit.files.WorkspaceFiles;
import io.codingit.files.WorkspacePath;
import io.codingit.llm.LlmMessage;
import io.codingit.projects.ProjectConversations;
import io.codingit.projects.ProjectException;
import io.codingit.projects.ProjectsProperties;
import io.codingit.projects.internal.ProjectRecords.Chat;
import io.codingit.projects.internal.ProjectRecords.Message;
import io.codingit.projects.internal.ProjectRecords.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Project chats behind {@code POST /api/chat}. {@link #begin} only reads what the model needs (the chat with its
 * owner, and the bounded history: two indexed queries); the user's message is appended on another thread once the
 * answer has started, so that a chat in a project reaches its first byte as soon as one without.
 * {@link ChatTurn#complete} waits for that append before it stores the answer, so the order in the chat is always
 * the user's message, then the answer.
 */
@Service
class Conversations implements ProjectConversations {
    private static final Logger log = LoggerFactory.getLogger(Conversations.class);
    private static final Pattern DATA_URL = Pattern.compile("(?s)^data:(image/[a-zA-Z0-9.+-]+);base64,(.*)$");

    private final ProjectService projects;
    private final ProjectStore store;
    private final ProjectsProperties properties;
    private final WorkspaceFiles files;
    private final JsonMapper json;
    private final ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();

    Conversations(ProjectService projects, WorkspaceFiles files, JsonMapper json) {
        this.projects = projects;
        this.store = projects.store();
        this.properties = projects.properties();
        this.files = files;
        this.json = json;
    }

    @Override
    public ChatTurn begin(String userId, String projectId, String chatId, LlmMessage message, List<String> attachments) {
        if (message.role() != LlmMessage.Role.USER) {
            throw ProjectException.invalid("the last message must be the user's (role user): it is what the project chat appends");
        }
        String text = textOf(message);
        if (text.length() > properties.maxMessageChars()) {
            throw ProjectException.tooLarge("message_too_large", "the message has " + text.length()
                    + " characters; at most " + properties.maxMessageChars() + " are stored in a project chat");
        }
        List<String> paths = attachments == null ? List.of() : attachments;
        if (paths.size() > properties.maxAttachments()) {
            throw ProjectException.invalid("at most " + properties.maxAttachments() + " files can be attached to a message");
        }
        List<WorkspaceFile> attached = new ArrayList<>();
        for (String path : paths) {
            attached.add(readAttachment(userId, path));
        }
        // an existing chat: one statement checks the chat, its project and the owner, and reads the history
        ProjectStore.ChatWindow window;
        if (chatId == null) {
            window = new ProjectStore.ChatWindow(projects.createChat(userId, projectId,
                    NameRules.titleFrom(text, properties.maxNameLength())), List.of());
        } else {
            projects.checkIds(projectId, chatId);
            window = store.chatWindow(userId, projectId, chatId, properties.contextMessages())
                    .orElseThrow(() -> ProjectException.notFound("chat"));
        }
        Chat chat = window.chat();
        List<ResultImages.Blob> images = new ArrayList<>();
        ArrayNode stored = json.createArrayNode();
        for (LlmMessage.Part part : message.parts()) {
            if (part instanceof LlmMessage.Image image) {
                stored.add(storedImage(image.url(), images));
            }
        }
        for (WorkspaceFile file : attached) {
            stored.add(json.createObjectNode().put("type", "file").put("path", file.path().value()));
        }
        List<LlmMessage> context = history(userId, projectId, window.newestFirst());
        List<LlmMessage.Part> parts = new ArrayList<>(message.parts());
        attached.forEach(file -> parts.add(new LlmMessage.Text(fileText(file))));
        context.add(new LlmMessage(LlmMessage.Role.USER, parts));
        String attachmentsJson = stored.isEmpty() ? null : json.writeValueAsString(stored);
        Instant sentAt = projects.now();
        return new Turn(projectId, chat.id(), List.copyOf(context), () -> projects.tx().execute(s -> {
            Instant now = projects.now();
            images.forEach(b -> store.putBlob(projectId, b.sha256(), b.mediaType(), b.content(), now));
            int seq = store.appendMessage(chat.id(), "user", "sent", text, attachmentsJson, null, sentAt);
            store.touchProject(projectId, now);
            return seq;
        }));
    }

    private final class Turn implements ChatTurn {
        private final String projectId;
        private final String chatId;
        private final List<LlmMessage> messages;
        private final java.util.function.Supplier<Integer> appendUserMessage;
        private CompletableFuture<Integer> userSeq;

        Turn(String projectId, String chatId, List<LlmMessage> messages, java.util.function.Supplier<Integer> appendUserMessage) {
            this.projectId = projectId;
            this.chatId = chatId;
            this.messages = messages;
            this.appendUserMessage = appendUserMessage;
        }

        @Override
        public synchronized void started() {
            if (userSeq == null) {
                userSeq = CompletableFuture.supplyAsync(appendUserMessage, writer);
            }
        }

        @Override
        public String projectId() {
            return projectId;
        }

        @Override
        public String chatId() {
            return chatId;
        }

        @Override
        public List<LlmMessage> messages() {
            return messages;
        }

        @Override
        public SavedFragment complete(String fragmentJson) {
            awaitUserMessage();
            Fragments fragment = Fragments.parse(json, fragmentJson, properties.maxFragmentChars());
            String commentary = fragment.object().get("commentary") instanceof JsonNode c && c.isString() ? c.stringValue() : "";
            return projects.tx().execute(s -> {
                Instant now = projects.now();
                Version version = projects.addVersion(projectId, chatId, "chat", fragment, fragmentJson, now);
                int seq = store.appendMessage(chatId, "assistant", "done", commentary, null, version.number(), now);
                return new SavedFragment(projectId, chatId, seq, version.number());
            });
        }

        @Override
        public void fail() {
            int seq = awaitUserMessage();
            store.setMessageStatus(chatId, seq, "failed");
        }

        private int awaitUserMessage() {
            started();
            try {
                return userSeq.join();
            } catch (CompletionException e) {
                log.warn("the user message of chat {} could not be stored: {}", chatId, e.getCause().toString());
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /**
     * The stored conversation the model sees again: of the chat's last {@code context-messages} messages, those that
     * were not failed and fit in {@code context-chars} (newest kept first), oldest first, starting with a user message.
     */
    private List<LlmMessage> history(String userId, String projectId, List<Message> newestFirst) {
        List<Message> window = new ArrayList<>();
        long chars = 0;
        for (Message m : newestFirst) {
            chars += m.content().length() + (m.fragment() == null ? 0 : m.fragment().length());
            if (chars > properties.contextChars()) {
                break;
            }
            window.add(m);
        }
        List<LlmMessage> context = new ArrayList<>();
        for (Message m : ProjectStore.reversed(window)) {
            if (context.isEmpty() && !m.role().equals("user")) {
                continue;
            }
            context.add(m.role().equals("user") ? userMessage(userId, projectId, m)
                    : LlmMessage.text(LlmMessage.Role.ASSISTANT, m.fragment() != null ? m.fragment() : m.content()));
        }
        return context;
    }

    private LlmMessage userMessage(String userId, String projectId, Message m) {
        List<LlmMessage.Part> parts = new ArrayList<>();
        parts.add(new LlmMessage.Text(m.content()));
        if (m.attachments() != null) {
            for (JsonNode a : json.readTree(m.attachments())) {
                String type = a.path("type").asString("");
                if (type.equals("image") && a.hasNonNull("url")) {
                    parts.add(new LlmMessage.Image(a.get("url").asString()));
                } else if (type.equals("image") && a.hasNonNull("sha256")) {
                    store.blob(projectId, a.get("sha256").asString()).ifPresent(b -> parts.add(new LlmMessage.Image(
                            "data:" + b.mediaType() + ";base64," + Base64.getEncoder().encodeToString(b.content()))));
                } else if (type.equals("file")) {
                    parts.add(new LlmMessage.Text(attachedFileNow(userId, a.path("path").asString(""))));
                }
            }
        }
        return new LlmMessage(LlmMessage.Role.USER, parts);
    }

    /** A data URL becomes a blob reference; an https URL (already checked by the chat's URL policy) stays a URL. */
    private ObjectNode storedImage(String url, List<ResultImages.Blob> images) {
        Matcher data = DATA_URL.matcher(url);
        if (data.matches()) {
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(data.group(2));
            } catch (IllegalArgumentException e) {
                throw ProjectException.invalid("an image of the message is not valid base64");
            }
            ResultImages.Blob blob = ResultImages.Blob.of(data.group(1).toLowerCase(Locale.ROOT), bytes);
            images.add(blob);
            return json.createObjectNode().put("type", "image").put("sha256", blob.sha256()).put("mediaType", blob.mediaType());
        }
        return json.createObjectNode().put("type", "image").put("url", url);
    }

    private WorkspaceFile readAttachment(String userId, String path) {
        WorkspacePath p;
        try {
            p = WorkspacePath.of(path);
        } catch (RuntimeException e) {
            throw ProjectException.invalid("attachments: '" + NameRules.titleFrom(String.valueOf(path), 100) + "' is not a workspace path");
        }
        WorkspaceFile file = files.readFile(userId, p);
        if (decodeUtf8(file.content()) == null) {
            throw ProjectException.invalid("attachments: '" + p.value() + "' is not a text file");
        }
        if (file.content().length > properties.maxMessageChars()) {
            throw ProjectException.tooLarge("message_too_large", "attachments: '" + p.value() + "' is larger than "
                    + properties.maxMessageChars() + " bytes");
        }
        return file;
    }

    private String attachedFileNow(String userId, String path) {
        try {
            WorkspaceFile file = files.readFile(userId, WorkspacePath.of(path));
            String text = decodeUtf8(file.content());
            return text == null ? "(attached file " + path + " is no longer text)" : fileText(path, text);
        } catch (RuntimeException gone) {
            return "(attached file " + path + " no longer exists)";
        }
    }

    private static String fileText(WorkspaceFile file) {
        return fileText(file.path().value(), decodeUtf8(file.content()));
    }

    private static String fileText(String path, String content) {
        return "Attached file " + path + ":\n" + content;
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String textOf(LlmMessage message) {
        StringBuilder text = new StringBuilder();
        for (LlmMessage.Part part : message.parts()) {
            if (part instanceof LlmMessage.Text t) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(t.text());
            }
        }
        return text.toString();
    }
}
