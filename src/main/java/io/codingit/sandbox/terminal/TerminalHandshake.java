package io.codingit.sandbox.terminal;

import io.codingit.ratelimit.RateLimitDecision;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimiter;
import io.codingit.sandbox.spi.Sandbox;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.sandbox.Sandboxes;
import io.codingit.common.DomainException;
import io.codingit.web.DomainErrorStatus;
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
 * or a single-use ticket bound to the same sandbox (and user) that any server issued; 401 without either, 404 for a sandbox that is not the
 * caller's (as every other route). The Origin is checked by Spring before this runs. Each handshake draws
 * one unit of the caller's {@code general} budget (429 with {@code Retry-After} when spent) and takes a
 * terminal slot ({@link TerminalSlots}; 429 when the user or the sandbox has its most open terminals):
 * security finding 6.
 */
class TerminalHandshake implements HandshakeInterceptor {
    static final String SANDBOX = "sandbox";

    private final Sandboxes sandboxes;
    private final TerminalTickets tickets;
    private final RateLimiter limiter;
    private final TerminalSlots slots;

    TerminalHandshake(Sandboxes sandboxes, TerminalTickets tickets, RateLimiter limiter, TerminalSlots slots) {
        this.sandboxes = sandboxes;
        this.tickets = tickets;
        this.limiter = limiter;
        this.slots = slots;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        var query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
        String sandboxId = query.getFirst("sbxId");
        String ticket = query.getFirst("ticket");
        Optional<String> session = sessionUser();
        // a ticket works for the sandbox and the user it was issued to: not for another sandbox, nor alongside
        // another user's session (either server may have issued it: tickets live in the database)
        Optional<TerminalTickets.Grant> caller = ticket != null
                ? tickets.redeem(ticket).filter(grant -> sandboxId == null || grant.sandboxId().equals(sandboxId))
                        .filter(grant -> session.isEmpty() || session.get().equals(grant.userId()))
                : session.map(userId -> new TerminalTickets.Grant(userId, sandboxId));
        if (caller.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        if (caller.get().sandboxId() == null) {
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            return false;
        }
        RateLimitDecision decision = limiter.tryConsume(RateLimitGroup.GENERAL, "user:" + caller.get().userId());
        if (decision.measured()) {
            response.getHeaders().set("X-RateLimit-Limit", Long.toString(decision.policy().capacity()));
            response.getHeaders().set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        }
        if (!decision.allowed()) {
            response.getHeaders().set("Retry-After", Long.toString(Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000)));
            response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
            return false;
        }
        Sandbox sandbox;
        try {
            sandbox = sandboxes.get(caller.get().userId(), caller.get().sandboxId());
        } catch (DomainException e) {
            response.setStatusCode(DomainErrorStatus.of(e.kind()));
            return false;
        }
        switch (slots.acquire(caller.get().userId(), sandbox.id())) {
            case TerminalSlots.Refused refused -> {
                response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
                response.getHeaders().set("Retry-After", "5");
                response.getHeaders().set("X-Terminal-Limit", refused.message());
                return false;
            }
            case TerminalSlots.Granted granted -> {
                attributes.put(SANDBOX, sandbox);
                attributes.put(TerminalSlots.SLOT, granted.slot());
                request.getAttributes().put(TerminalSlots.SLOT, granted.slot());
                return true;
            }
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
        // a failed upgrade never reaches the handler, which otherwise releases the slot when the socket closes
        if (exception != null && request.getAttributes() != null) {
            TerminalSlots.slotOf(request.getAttributes()).ifPresent(TerminalSlots.Slot::close);
        }
    }
}
