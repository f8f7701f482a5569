package io.codingit.github.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.codingit.auth.AuthenticatedUser;
import io.codingit.github.GitHubConnection;
import io.codingit.github.GitHubException;
import io.codingit.github.GitHubTokens;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.web.BrowserNavigation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.function.Supplier;

/** The caller's GitHub connection: status, saving a token, the OAuth web flow, disconnecting. Tokens never leave. */
@RestController
@RequestMapping("/api/github")
@RateLimited(RateLimitGroup.GITHUB)
class GitHubConnectionController {
    private final GitHubConnectionService connections;
    private final GitHubTokens tokens;

    GitHubConnectionController(GitHubConnectionService connections, GitHubTokens tokens) {
        this.connections = connections;
        this.tokens = tokens;
    }

    /** Its {@code toString} hides the token: Spring MVC logs request bodies at DEBUG/TRACE. */
    record TokenRequest(String token) {
        @Override
        public String toString() {
            return "TokenRequest[token=***]";
        }
    }

    /** @param oauthAvailable whether this server offers "Connect with GitHub" (OAuth); a token works either way */
    record ConnectionView(boolean connected, String login, String source,
                          @JsonProperty("connected_at") Instant connectedAt, boolean oauthAvailable) {
        static ConnectionView of(GitHubConnection c, boolean oauthAvailable) {
            return new ConnectionView(c.connected(), c.login(), c.source() == null ? null : c.source().key(),
                    c.connectedAt(), oauthAvailable);
        }
    }

    @GetMapping("/connection")
    ConnectionView connection(@AuthenticationPrincipal AuthenticatedUser user) {
        return ConnectionView.of(tokens.connectionOf(user.id()), connections.oauthAvailable());
    }

    @PutMapping("/token")
    ConnectionView saveToken(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody TokenRequest request) {
        connections.saveToken(user.id(), request == null ? null : request.token());
        return ConnectionView.of(tokens.connectionOf(user.id()), connections.oauthAvailable());
    }

    @DeleteMapping("/connection")
    ResponseEntity<Void> disconnect(@AuthenticationPrincipal AuthenticatedUser user) {
        connections.disconnect(user.id());
        return ResponseEntity.noContent().build();
    }

    /** Opened by the browser ("Connect GitHub"): the session cookie authenticates it. */
    @GetMapping("/connect")
    ResponseEntity<Void> connect(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request) {
        return navigation(request, () -> connections.authorizeRedirect(user.id()));
    }

    /** GitHub sends the browser back here; the session cookie authenticates it and the state ties it to the user. */
    @GetMapping("/callback")
    ResponseEntity<Void> callback(@AuthenticationPrincipal AuthenticatedUser user,
                                  @RequestParam(required = false) String code,
                                  @RequestParam(required = false) String state,
                                  @RequestParam(required = false) String error,
                                  HttpServletRequest request) {
        return navigation(request, () -> connections.finishOAuth(user.id(), code, state, error));
    }

    /**
     * A step of the OAuth flow, which the browser makes by navigating: a failure sends it back to the
     * console's GitHub screen with the message rather than replacing the app with the error body;
     * an API client (no navigation) gets the error body.
     */
    private ResponseEntity<Void> navigation(HttpServletRequest request, Supplier<URI> step) {
        try {
            return BrowserNavigation.redirect(step.get().toString());
        } catch (GitHubException e) {
            if (!BrowserNavigation.isNavigation(request)) {
                throw e;
            }
            return BrowserNavigation.failed(connections.failureUrl(), e);
        }
    }
}
