package io.codingit.sandbox.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The sandbox agent's binary: built by Maven from {@code agent/} into the jar, copied out at start to a
 * file every sandbox binds read-only (docs/sandbox-protocol.md).
 */
final class AgentBinary {
    static final String NAME = "codingit-agent";
    private static final String RESOURCE = "/io/codingit/sandbox/agent/" + NAME;

    private AgentBinary() {
    }

    /** Copies the binary to {@code target} (mode 0755); the reason sandboxes are unavailable, or null. */
    static String install(Path target) {
        try (InputStream in = AgentBinary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "the sandbox agent binary is missing from the class path (" + RESOURCE + "): build the server with "
                        + "./mvnw, which needs the Debian packages golang-go, golang-github-gorilla-websocket-dev and "
                        + "golang-github-creack-pty-dev";
            }
            Files.createDirectories(target.getParent());
            Files.setPosixFilePermissions(target.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Path staging = Files.createTempFile(target.getParent(), NAME, ".tmp");
            Files.copy(in, staging, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            // a rename, so a sandbox that is starting never sees a half-written binary
            Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (IOException e) {
            return "could not install the sandbox agent binary at " + target + ": " + e.getMessage();
        }
    }
}
