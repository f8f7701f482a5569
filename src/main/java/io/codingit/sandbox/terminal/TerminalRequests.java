package io.codingit.sandbox.terminal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxPathException;

/** Validation shared by every way of running a terminal command. */
final class TerminalRequests {
    private static final int MAX_COMMAND_LENGTH = 100_000;

    private TerminalRequests() {
    }

    /** teamID and accessToken are accepted for compatibility; identity comes from the session only. */
    record TerminalRequest(String command, String sbxId, String workingDirectory, Boolean background,
                           String teamID, String accessToken) {
        boolean inBackground() {
            return Boolean.TRUE.equals(background);
        }
    }

    static void validate(TerminalRequest request) {
        if (request == null || request.command() == null || request.command().isBlank()) {
            throw new TerminalException(Kind.INVALID, "command is required");
        }
        if (request.command().length() > MAX_COMMAND_LENGTH) {
            throw new TerminalException(Kind.INVALID, "command is longer than " + MAX_COMMAND_LENGTH + " characters");
        }
        if (request.sbxId() == null || request.sbxId().isBlank()) {
            throw new TerminalException(Kind.INVALID, "sbxId is required");
        }
    }

    /** The normalized working directory: the home by default, 403 outside it, 400 when it is no directory. */
    static String workingDirectory(Sandbox sandbox, String requested) {
        if (requested == null || requested.isBlank()) {
            return Sandbox.HOME;
        }
        String cwd;
        try {
            cwd = sandbox.files().normalize(requested);
            if (!cwd.equals(Sandbox.HOME) && !sandbox.files().isDirectory(cwd)) {
                throw new TerminalException(Kind.INVALID, "workingDirectory " + cwd + " is not a directory in the sandbox");
            }
        } catch (SandboxPathException e) {
            throw new TerminalException(Kind.FORBIDDEN, "workingDirectory must lie inside " + Sandbox.HOME + ": " + requested);
        }
        return cwd;
    }
}
