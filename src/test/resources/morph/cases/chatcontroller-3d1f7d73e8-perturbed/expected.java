package io.codingit.chat.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.llm.LlmClient;
import io.codingit.llm.LlmFailure;
import io.codingit.llm.LlmRequest;
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
    private final LlmBudget budget;
    private final LlmClient llm;
    private final JsonMapper json;

    ChatController(ChatRequestParser parser, LlmBudget budget, LlmClient llm, JsonMapper json) {
        this.parser = parser;
        this.budget = budget;
        this.llm = llm;
        this.json = json;
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
        budget.charge(user, request.config().hasOwnApiKey(), response);
        FragmentStream stream = new FragmentStream(llm.stream(new LlmRequest(request.provider(), request.model(),
                request.config(), FragmentPrompt.system(request.templates()), request.messages(),
                FragmentPrompt.SCHEMA)), json);
        LlmFailure failure = stream.awaitStart();
        if (failure != null) {
            ErrorResponses.write(response, failure.status(), failure.message(), codeFor(failure.status()));
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

    static String codeFor(int status) {
        return switch (status) {
            case 429 -> "provider_rate_limited";
            case 529 -> "provider_overloaded";
            case 403 -> "provider_access_denied";
            case 504 -> "provider_timeout";
            default -> "provider_error";
        };
    }
}
