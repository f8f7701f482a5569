package io.codingit.sandbox.terminal;

import io.codingit.ratelimit.RateLimiter;

import io.codingit.sandbox.Sandboxes;
import io.codingit.web.WebProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/terminal/ws}: the interactive terminal. Origins: the server's own and
 * {@code codingit.cors.allowed-origins}; a request without an Origin header (not a browser) is not an
 * origin check's business and is let through to authentication.
 */
@Configuration
@EnableWebSocket
class TerminalWebSocketConfig implements WebSocketConfigurer {
    static final String PATH = "/api/terminal/ws";

    private final Sandboxes sandboxes;
    private final TerminalTickets tickets;
    private final JsonMapper json;
    private final TerminalProperties properties;
    private final WebProperties webProperties;

    private final RateLimiter limiter;

    TerminalWebSocketConfig(Sandboxes sandboxes, TerminalTickets tickets, JsonMapper json,
                            TerminalProperties properties, WebProperties webProperties, RateLimiter limiter) {
        this.limiter = limiter;
        this.sandboxes = sandboxes;
        this.tickets = tickets;
        this.json = json;
        this.properties = properties;
        this.webProperties = webProperties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new TerminalSocketHandler(json), PATH)
                .addInterceptors(new TerminalHandshake(sandboxes, tickets, limiter, new TerminalSlots(properties)))
                .setAllowedOrigins(webProperties.cors().allowedOrigins().toArray(String[]::new));
    }
}
