package io.codingit.sandbox.terminal;

import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived, single-use tickets that let a browser open the terminal WebSocket (browsers cannot set
 * headers on WebSockets). A ticket is bound to one user and one sandbox; only its SHA-256 is kept.
 * Tickets live in this server's memory: behind several servers the WebSocket must reach the one that issued it.
 */
@Component
class TerminalTickets {
    record Ticket(String value, Duration expiresIn) {
    }

    /** Who a ticket was issued to. */
    record Grant(String userId, String sandboxId) {
    }

    private record Issued(Grant grant, Instant expiresAt) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> byHash = new ConcurrentHashMap<>();
    private final Duration timeToLive;
    private final Clock clock;

    TerminalTickets(TerminalProperties properties) {
        this.timeToLive = properties.ticketTimeToLive();
        this.clock = Clock.systemUTC();
    }

    Ticket issue(String userId, String sandboxId) {
        Instant now = clock.instant();
        byHash.values().removeIf(issued -> issued.expiresAt().isBefore(now));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byHash.put(hash(value), new Issued(new Grant(userId, sandboxId), now.plus(timeToLive)));
        return new Ticket(value, timeToLive);
    }

    /** Uses up the ticket: its grant if it was valid and unexpired; a second use finds nothing. */
    Optional<Grant> redeem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        Issued issued = byHash.remove(hash(value));
        if (issued == null || issued.expiresAt().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(issued.grant());
    }

    private static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
