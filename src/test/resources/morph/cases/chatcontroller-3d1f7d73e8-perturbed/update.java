// ... existing code ...
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

 // ... existing code ...
 * {@code POST /api/chat}: streams a code fragment from the chosen provider. The response stays
 * uncommitted until the first part of the fragment exists, so failures before it are JSON errors
 * with the mapped status; after it they are an SSE {@code error} event (or, as plain text, the end
 * of the stream). The stream is written on the request's own (virtual) thread, flushed piece by
 * piece; a failed write means the client left, and the upstream request is cancelled at once.
 */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
    // ... existing code ...
    }

    @PostMapping(path = "/api/chat", consumes = MediaType.APPLICATION_JSON_VALUE)
    void chat(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody JsonNode body,
              @RequestHeader(value = "Accept", required = false) String accept,
              HttpServletResponse response) throws IOException, InterruptedException {
        ChatRequestParser.ChatRequest request = parser.parse(body);
        if (request.userId() != null || request.teamId() != null) {
            // Accepted for compatibility with the peer's clients; identity comes from the session only.
        // ... existing code ...
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
            // ... existing code ...
            default -> "provider_error";
        };
    }
}
