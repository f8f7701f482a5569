package io.codingit.sandbox.terminal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Short-lived, single-use tickets that let a browser open the terminal WebSocket (browsers cannot set
 * headers on WebSockets). A ticket is bound to one user and one sandbox; only its SHA-256 is kept. Tickets live
 * in the database, so that behind several servers the WebSocket may reach any of them: whichever server deletes
 * the row first redeems the ticket, a second use on any server finds nothing.
 */
@Component
class TerminalTickets {
    /** Longer values cannot be a ticket of ours (43 characters); they are refused without a query. */
    private static final int MAX_LENGTH = 100;

    record Ticket(String value, Duration expiresIn) {
    }

    /** Who a ticket was issued to. */
    record Grant(String userId, String sandboxId) {
    }

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final Duration timeToLive;
    private final Clock clock;

    TerminalTickets(JdbcClient jdbc, TerminalProperties properties) {
        this.jdbc = jdbc;
        this.timeToLive = properties.ticketTimeToLive();
        this.clock = Clock.systemUTC();
    }

    /** A new ticket; expired tickets of everyone are swept here. */
    Ticket issue(String userId, String sandboxId) {
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM terminal_tickets WHERE expires_at < :now").param("now", utc(now)).update();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("INSERT INTO terminal_tickets (ticket_sha256, user_id, sandbox_id, expires_at) "
                        + "VALUES (:hash, :user, :sandbox, :expires)")
                .param("hash", hash(value)).param("user", userId).param("sandbox", sandboxId)
                .param("expires", utc(now.plus(timeToLive)))
                .update();
        return new Ticket(value, timeToLive);
    }

    /** Uses up the ticket: its grant if it was valid and unexpired; a second use, on any server, finds nothing. */
    Optional<Grant> redeem(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String hash = hash(value);
        Optional<Grant> grant = jdbc.sql("SELECT user_id, sandbox_id FROM terminal_tickets "
                        + "WHERE ticket_sha256 = :hash AND expires_at > :now")
                .param("hash", hash).param("now", utc(clock.instant()))
                .query((rs, n) -> new Grant(rs.getString("user_id"), rs.getString("sandbox_id")))
                .optional();
        // the delete decides: of two servers presenting the same ticket at once only one deletes the row
        boolean deleted = jdbc.sql("DELETE FROM terminal_tickets WHERE ticket_sha256 = :hash").param("hash", hash).update() == 1;
        return deleted ? grant : Optional.empty();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
