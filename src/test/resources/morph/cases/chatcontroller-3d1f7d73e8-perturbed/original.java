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
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * {@code POST /api/chat}: streams a code fragment from the chosen provider. The response stays
 * uncommitted until the first part of the fragment exists, so failures before it are JSON errors
 * with the mapped status; after it they are an SSE {@code error} event (or, as plain text, the end
 * of the stream). The stream runs on its own virtual thread (MVC async on the application executor).
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
    ResponseEntity<StreamingResponseBody> chat(@AuthenticationPrincipal AuthenticatedUser user,
                                               @RequestBody JsonNode body,
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
            return null;
        }
        StreamFormat format = StreamFormat.forAccept(accept);
        return ResponseEntity.ok()
                .contentType(format.contentType())
                .cacheControl(CacheControl.noStore())
                .header("X-Accel-Buffering", "no")
                .body(out -> stream.writeTo(out, format));
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
