package io.codingit.chat.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.llm.LlmClient;
import io.codingit.llm.LlmFailure;
import io.codingit.llm.LlmMessage;
import io.codingit.llm.LlmRequest;
import io.codingit.projects.ProjectConversations;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.web.ErrorResponses;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/chat}: streams a code fragment from the chosen provider. The response stays
 * uncommitted until the first part of the fragment exists, so failures before it are JSON errors
 * with the mapped status; after it they are an SSE {@code error} event (or, as plain text, the end
 * of the stream). The stream is written on the request's own (virtual) thread, flushed piece by
 * piece; a failed write means the client left, and the upstream request is cancelled at once.
 */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
class ChatController {
    private static final Logger log = LoggerFactory.getLogger(ChatController.class);

    private final ChatRequestParser parser;
    private final LlmClient llm;
    private final JsonMapper json;
    private final ProjectConversations conversations;

    ChatController(ChatRequestParser parser, LlmClient llm, JsonMapper json, ProjectConversations conversations) {
        this.parser = parser;
        this.llm = llm;
        this.json = json;
        this.conversations = conversations;
    }

    @PostMapping(path = "/api/chat", consumes = MediaType.APPLICATION_JSON_VALUE)
    void chat(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody JsonNode body,
              @RequestHeader(value = "Accept", required = false) String accept,
              HttpServletResponse response) throws IOException, InterruptedException {
        ChatRequestParser.ChatRequest request = parser.parse(body);
        if (request.userId() != null || request.teamId() != null) {
            // Accepted for compatibility with the peer's clients; identity comes from the session only.
            log.debug("chat for user {} (body says userID={}, teamID={})", user.id(), request.userId(), request.teamId());
        }
        List<LlmMessage> messages = request.messages();
        FragmentOutcome outcome = FragmentOutcome.NONE;
        if (request.project() != null) {
            ProjectConversations.ChatTurn turn = conversations.begin(user.id(), request.project().projectId(),
                    request.project().chatId(), messages.getLast(), request.project().attachments());
            messages = turn.messages();
            outcome = new ProjectOutcome(turn);
            response.setHeader("X-Project-Id", turn.projectId());
            response.setHeader("X-Chat-Id", turn.chatId());
        }
        FragmentStream stream;
        try {
            stream = new FragmentStream(llm.stream(new LlmRequest(user.id(), request.provider(), request.model(),
                    request.config(), FragmentPrompt.system(request.templates()), messages,
                    FragmentPrompt.SCHEMA)), json, outcome);
        } catch (RuntimeException e) {
            outcome.failed();
            throw e;
        }
        LlmFailure failure = stream.awaitStart();
        if (failure != null) {
            ErrorResponses.write(response, failure.status(), failure.message(), failure.code());
            return;
        }
        StreamFormat format = StreamFormat.forAccept(accept);
        response.setStatus(200);
        response.setContentType(format.contentType().toString());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        try {
            stream.writeTo(response.getOutputStream(), format);
        } catch (IOException clientGone) {
            // The client hung up; writeTo has already cancelled the upstream. Nobody is left to tell.
            log.debug("chat stream for user {} ended early: {}", user.id(), clientGone.toString());
        }
    }

    /** A project chat's turn: the finished fragment is stored, a failed generation marks the user's message. */
    private record ProjectOutcome(ProjectConversations.ChatTurn turn) implements FragmentOutcome {
        @Override
        public boolean outlivesClient() {
            return true;
        }

        @Override
        public void started() {
            turn.started();
        }

        @Override
        public Map<String, Object> completed(String objectJson) {
            Map<String, Object> saved = new LinkedHashMap<>();
            saved.put("projectId", turn.projectId());
            saved.put("chatId", turn.chatId());
            try {
                ProjectConversations.SavedFragment fragment = turn.complete(objectJson);
                saved.put("messageSeq", fragment.messageSeq());
                saved.put("version", fragment.version());
            } catch (RuntimeException e) {
                // The answer still reaches the client; the chat says it was not kept.
                log.warn("project chat {}: the finished fragment could not be stored: {}", turn.chatId(), e.toString());
                saved.put("error", "the fragment could not be saved in the project"
                        + (e instanceof io.codingit.common.DomainException d ? ": " + d.getMessage() : ""));
            }
            return saved;
        }

        @Override
        public void failed() {
            try {
                turn.fail();
            } catch (RuntimeException e) {
                log.warn("project chat {}: could not mark the message as failed: {}", turn.chatId(), e.toString());
            }
        }
    }
}
