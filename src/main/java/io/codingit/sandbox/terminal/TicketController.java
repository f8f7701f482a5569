package io.codingit.sandbox.terminal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.sandbox.Sandboxes;
import io.codingit.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/terminal/ticket {sbxId}} → {@code {ticket, expiresIn}} for {@code GET /api/terminal/ws?ticket=} on any server. */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Terminal")
class TicketController {
    private final Sandboxes sandboxes;
    private final TerminalTickets tickets;

    TicketController(Sandboxes sandboxes, TerminalTickets tickets) {
        this.sandboxes = sandboxes;
        this.tickets = tickets;
    }

    record TicketRequest(String sbxId) {
    }

    /** @param expiresIn seconds */
    record TicketResponse(String ticket, long expiresIn) {
    }

    @io.codingit.sandbox.ResumesPausedSandbox
    @PostMapping("/api/terminal/ticket")
    @Operation(summary = "A single-use ticket (valid for seconds) to open the terminal WebSocket of one of your sandboxes, on any server")
    TicketResponse issue(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody(required = false) TicketRequest request) {
        if (request == null || request.sbxId() == null || request.sbxId().isBlank()) {
            throw ApiException.badRequest("sbxId is required");
        }
        sandboxes.get(user.id(), request.sbxId());
        TerminalTickets.Ticket ticket = tickets.issue(user.id(), request.sbxId());
        return new TicketResponse(ticket.value(), ticket.expiresIn().toSeconds());
    }
}
