package io.codingit.mcp;

import io.codingit.common.DomainException;

/** A failure of the MCP endpoint outside the protocol (a message too large, a session of someone else). */
public class McpException extends DomainException {
    public McpException(Kind kind, String message) {
        super(kind, message);
    }
}
