package io.codingit.sandbox.local;

import io.codingit.sandbox.agent.AgentSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A sandbox's agent files on the host, in the sandbox's directory:
 * <ul>
 *   <li>{@code agent/} (mode 0700, owned by the sandbox uid so the agent can create its socket there;
 *       bound into the sandbox at {@code /run/codingit}): only root and that uid can open it on the host,
 *       and that uid exists only inside sandboxes, none of which has this path in its mount namespace;</li>
 *   <li>{@code agent.secret} (mode 0600, root): the per-sandbox secret, the agent's standard input, read
 *       once by the agent at start; kept so that a restarted server can reach the agent again; never mounted
 *       into the sandbox;</li>
 *   <li>{@code agent.log}: the sandbox's bubblewrap and agent diagnostics (never the secret).</li>
 * </ul>
 */
record AgentFiles(Path socketDirectory, Path secretFile, Path log, AgentSecret secret) {

    Path socket() {
        return socketDirectory.resolve("agent.sock");
    }

    /** Creates them for a new sandbox; {@code uid} owns the socket directory (-1: the server's own uid). */
    static AgentFiles create(Path sandboxDir, int uid) {
        Path socketDir = sandboxDir.resolve("agent");
        Path secretFile = sandboxDir.resolve("agent.secret");
        Path log = sandboxDir.resolve("agent.log");
        AgentSecret secret = AgentSecret.generate();
        try {
            Files.createDirectory(socketDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (uid >= 0) {
                HostCommands.Result r = HostCommands.run("chown", uid + ":" + uid, socketDir.toString());
                if (!r.ok()) {
                    throw new IllegalStateException("could not hand " + socketDir + " to the sandbox uid: " + r.output());
                }
            }
            Files.write(Files.createFile(secretFile, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), (secret.hex() + "\n").getBytes(StandardCharsets.US_ASCII));
            Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AgentFiles(socketDir, secretFile, log, secret);
    }

    /** The files of an existing sandbox (a restarted server reattaching), or null when they are incomplete. */
    static AgentFiles existing(Path sandboxDir) {
        Path secretFile = sandboxDir.resolve("agent.secret");
        try {
            AgentSecret secret = AgentSecret.fromHex(Files.readString(secretFile, StandardCharsets.US_ASCII));
            return new AgentFiles(sandboxDir.resolve("agent"), secretFile, sandboxDir.resolve("agent.log"), secret);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
