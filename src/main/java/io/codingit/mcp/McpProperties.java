package io.codingit.mcp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code codingit.mcp.*}: the MCP server at {@code /mcp} (docs/mcp.md).
 *
 * @param maxMessageSize  largest JSON-RPC message a client may POST; larger ones answer 413
 * @param keepAlive       how often an open stream is pinged so that proxies keep it; zero turns pings off
 * @param sessionIdleTime a session nobody used for this long is forgotten (the client then starts a new one)
 * @param progressInterval how often a running command or cell reports progress to a client that asked for it
 */
@ConfigurationProperties("codingit.mcp")
public record McpProperties(@DefaultValue("4MB") DataSize maxMessageSize,
                            @DefaultValue("30s") Duration keepAlive,
                            @DefaultValue("30m") Duration sessionIdleTime,
                            @DefaultValue("1s") Duration progressInterval) {
    public McpProperties {
        if (maxMessageSize.toBytes() < 1024 || maxMessageSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("codingit.mcp.max-message-size must be between 1KB and 2GB");
        }
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("codingit.mcp.progress-interval must be positive");
        }
    }
}
