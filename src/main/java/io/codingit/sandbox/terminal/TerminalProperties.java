package io.codingit.sandbox.terminal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code codingit.terminal.*}.
 *
 * @param commandTimeout          how long one foreground {@code POST /api/terminal} command may run before it is killed
 * @param heartbeatInterval       how often an idle event stream sends a comment line; a client that went away is
 *                                noticed at the latest by the second heartbeat after it left
 * @param replayBuffer            output kept per command for streaming and replay; older chunks are dropped first
 * @param maxBackgroundCommands   background commands listed per sandbox (finished ones are forgotten first)
 * @param ticketTimeToLive        how long a WebSocket ticket from {@code POST /api/terminal/ticket} stays valid
 * @param maxSessionsPerUser      interactive terminals (WebSockets) one user may have open at once, over all sandboxes
 * @param maxSessionsPerSandbox   interactive terminals open at once in one sandbox
 */
@ConfigurationProperties("codingit.terminal")
public record TerminalProperties(@DefaultValue("30s") Duration commandTimeout,
                                 @DefaultValue("5s") Duration heartbeatInterval,
                                 @DefaultValue("1MB") DataSize replayBuffer,
                                 @DefaultValue("10") int maxBackgroundCommands,
                                 @DefaultValue("30s") Duration ticketTimeToLive,
                                 @DefaultValue("10") int maxSessionsPerUser,
                                 @DefaultValue("5") int maxSessionsPerSandbox) {
}
