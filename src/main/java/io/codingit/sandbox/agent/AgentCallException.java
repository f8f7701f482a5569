package io.codingit.sandbox.agent;

/**
 * The agent answered with an error: its HTTP status, its stable error code ({@code not_found},
 * {@code outside_root}, ...) and its message (which names paths only as the sandbox sees them).
 */
public class AgentCallException extends RuntimeException {
    private final int status;
    private final String code;

    public AgentCallException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
