package io.codingit.sandbox.local;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.agent.AgentCallException;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxUnavailableException;

/**
 * What an agent's error answer means to the caller of a sandbox operation, so that none reaches the web layer
 * as a bare exception (a 500): an agent that no longer accepts the sandbox's secret is not the sandbox's agent
 * any more (gone), its own limits are a busy sandbox (503), its refusals of a request keep their meaning
 * (400, 404, 409, 413), and its internal failures are the sandbox failing (503), never the server's.
 */
final class AgentErrors {
    private AgentErrors() {
    }

    static RuntimeException translate(String sandboxId, AgentCallException e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? "the sandbox agent answered " + e.status()
                : e.getMessage();
        return switch (e.status()) {
            case 401 -> new SandboxGoneException(sandboxId, "its agent no longer accepts its secret");
            case 429, 503 -> new SandboxUnavailableException("sandbox " + sandboxId + " is busy: " + message);
            case 400, 405 -> new SandboxException(Kind.INVALID, message);
            case 403 -> new SandboxException(Kind.FORBIDDEN, message);
            case 404, 410 -> new SandboxException(Kind.NOT_FOUND, message);
            case 409 -> new SandboxException(Kind.CONFLICT, message);
            case 413 -> new SandboxException(Kind.TOO_LARGE, message);
            default -> new SandboxUnavailableException("sandbox " + sandboxId + ": its agent failed (" + e.status() + "): "
                    + message);
        };
    }
}
