package io.codingit.terminal.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.sandbox.Sandboxes;
import io.codingit.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Map;
import java.util.Optional;

/**
 * Authenticates the terminal WebSocket's upgrade request: the caller's session (cookie or bearer token)
 * or a single-use ticket bound to the same sandbox; 401 without either, 404 for a sandbox that is not the
 * caller's (as every other route). The Origin is checked by Spring before this runs.
 */
class TerminalHandshake implements HandshakeInterceptor {
    static final String SANDBOX = "sandbox";

    private final Sandboxes sandboxes;
    private final TerminalTickets tickets;

    TerminalHandshake(Sandboxes sandboxes, TerminalTickets tickets) {
        this.sandboxes = sandboxes;
        this.tickets = tickets;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        var query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
        String sandboxId = query.getFirst("sbxId");
        String ticket = query.getFirst("ticket");
        Optional<TerminalTickets.Grant> caller = ticket != null
                ? tickets.redeem(ticket).filter(grant -> sandboxId == null || grant.sandboxId().equals(sandboxId))
                : sessionUser().map(userId -> new TerminalTickets.Grant(userId, sandboxId));
        if (caller.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        if (caller.get().sandboxId() == null) {
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            return false;
        }
        try {
            attributes.put(SANDBOX, sandboxes.get(caller.get().userId(), caller.get().sandboxId()));
            return true;
        } catch (ApiException e) {
            response.setStatusCode(e.status());
            return false;
        }
    }

    private static Optional<String> sessionUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AuthenticatedUser user) {
            return Optional.of(user.id());
        }
        return Optional.empty();
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
