package io.codingit.sandbox.local;

import io.codingit.sandbox.egress.RegistryCertificates;
import io.codingit.sandbox.egress.SandboxEgressProxy;
import io.codingit.sandbox.egress.SandboxEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * {@code egress: registries} for local sandboxes: each sandbox gets its own proxy socket in
 * {@code <sandbox dir>/egress/}, owned by the sandbox uid with mode 0600 (set while the directory is still
 * private, see {@link #bindPrivately}) and bound into the sandbox at
 * {@link #SOCKET_DIRECTORY}. The sandbox's network namespace stays empty (a loopback only); its first process
 * bridges {@code 127.0.0.1:3128} to the socket. When the operator added CAs for a mirror, the directory of their
 * bundle (one for all sandboxes, in the server's runtime directory) is bound read-only at
 * {@link RegistryCertificates#SANDBOX_DIRECTORY}: a directory rather than the file, so that a later start which
 * rewrites the bundle reaches the sandboxes it adopts too.
 */
final class RegistryEgress {
    static final String SOCKET_DIRECTORY = "/run/codingit-egress";

    /**
     * What the sandbox's launch adds: the socket's bind mount, the agent's bridge to it, and the CA bundle's.
     *
     * @param directory    the host directory of the proxy's socket, bound at {@link #SOCKET_DIRECTORY} (null: none)
     * @param certificates the host directory of the registry CA bundle, bound read-only at
     *                     {@link RegistryCertificates#SANDBOX_DIRECTORY} (null: no CA added)
     */
    record Wiring(Path directory, Path certificates, List<String> agentArguments) {
        static final Wiring NONE = new Wiring(null, null, List.of());

        List<String> bubblewrapArguments() {
            List<String> args = new java.util.ArrayList<>();
            if (directory != null) {
                args.addAll(List.of("--bind", directory.toString(), SOCKET_DIRECTORY));
            }
            if (certificates != null) {
                args.addAll(List.of("--ro-bind", certificates.toString(), RegistryCertificates.SANDBOX_DIRECTORY));
            }
            return args;
        }
    }
    static final String SOCKET_NAME = "egress.sock";

    private final SandboxEgressProxy proxy;
    private final int sandboxUid;
    private final boolean root;
    private final Path certificates;

    /** @param certificates the installed registry CA bundle's directory, or null when no CA was added */
    RegistryEgress(SandboxEgressProxy proxy, int sandboxUid, boolean root, Path certificates) {
        this.proxy = proxy;
        this.sandboxUid = sandboxUid;
        this.root = root;
        this.certificates = certificates;
    }

    /** Opens the sandbox's socket; returns how the launch binds it in and bridges {@code 127.0.0.1:3128} to it. */
    Wiring open(String sandboxId, Path sandboxDir) {
        Path directory = sandboxDir.resolve("egress");
        Path socket = directory.resolve(SOCKET_NAME);
        try {
            bindPrivately(directory, socket, () -> proxy.open(sandboxId, socket), root ? sandboxUid : -1);
        } catch (IOException e) {
            proxy.close(sandboxId);
            throw new UncheckedIOException("the sandbox's registry proxy socket could not be prepared", e);
        }
        return new Wiring(directory, certificates,
                List.of("--forward", "tcp:" + SandboxEnvironment.PROXY_ADDRESS + "=unix:" + SOCKET_DIRECTORY + "/" + SOCKET_NAME));
    }

    /**
     * Runs {@code bind}, which creates the socket with whatever mode the process umask leaves, while its directory
     * is 0700: nobody but the server can reach the socket until it is 0600 (and the sandbox uid's, when
     * {@code ownerUid} is not -1). Only then may others traverse the directory (0711, for the sandbox uid), so
     * there is no moment at which another user of the host could connect to the socket.
     */
    static void bindPrivately(Path directory, Path socket, Runnable bind, int ownerUid) throws IOException {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // (it may exist from an earlier start: then with its old mode, which is closed before the bind)
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        bind.run();
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        if (ownerUid >= 0) {
            Files.setAttribute(socket, "unix:uid", ownerUid);
            Files.setAttribute(socket, "unix:gid", ownerUid);
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
    }

    void close(String sandboxId) {
        proxy.close(sandboxId);
    }
}
