package io.codingit.sandbox.local;

import io.codingit.sandbox.agent.AgentEndpoint;
import io.codingit.sandbox.spi.SandboxRecord;
import io.codingit.sandbox.spi.SandboxUnavailableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The runtime directory of the local provider on this machine: {@code <runtimeDir>/<instance>/<sandboxId>} per
 * sandbox, the instance's {@code etc/} files every sandbox sees, and the checks that keep that tree the server's own.
 */
final class RuntimeDirectory {
    static final Pattern SANDBOX_ID = Pattern.compile("sbx[a-z0-9]{20}");

    private RuntimeDirectory() {
    }

    /** A stable id per data directory, so that a restart finds its own leftovers and no other server's. */
    static String instanceId(Path stateDir) {
        Path file = stateDir.resolve("instance-id");
        try {
            Files.createDirectories(stateDir);
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The runtime root is where the server (as root) mounts sandbox homes, so nobody else may control it:
     * it must not be a symbolic link, must belong to the server's user and must not be writable by others
     * (a shared /tmp would otherwise let a local user redirect those mounts).
     */
    static String unsafeRuntimeRoot(Path root) {
        try {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(root);
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            }
            if (Files.isSymbolicLink(root) || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                return "sandbox runtime directory " + root + " is not a plain directory";
            }
            String owner = Files.getOwner(root, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                return "sandbox runtime directory " + root + " belongs to " + owner + ", not to the server's user";
            }
            var perms = Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS);
            if (perms.contains(PosixFilePermission.GROUP_WRITE)
                    || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                return "sandbox runtime directory " + root + " is writable by others";
            }
            return null;
        } catch (IOException e) {
            return "sandbox runtime directory " + root + " is not usable: " + e.getMessage();
        }
    }

    /** A directory others may traverse but not list: the sandbox uid must reach its home to bind it. */
    static void createTraversable(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            for (Path p = dir.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
                var perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException("sandbox runtime directory " + p
                            + " is not traversable by the sandbox uid; set codingit.sandbox.runtime-dir elsewhere");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sandbox's /etc/passwd, /etc/group (only root and the sandbox user, never the host's accounts) and /etc/hosts. */
    static void writeIdentityFiles(Path etc, int uid) {
        try {
            Files.createDirectories(etc);
            Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/usr/sbin/nologin\n"
                    + "user:x:" + uid + ":" + uid + ":user:/home/user:/bin/bash\n"
                    + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
            Files.writeString(etc.resolve("group"), "root:x:0:\nuser:x:" + uid + ":\nnogroup:x:65534:\n");
            // the sandbox's own loopback names (without network the host's /etc/hosts is not bound)
            Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n"
                    + "127.0.1.1 sandbox\n");
            // Debian's /etc/profile resets PATH for login shells (bash -lc), which would hide ~/.local/bin
            // (pip --user scripts) and `python`; this one keeps the sandbox's PATH and does the rest the same
            Files.writeString(etc.resolve("profile"), """
                    # CodingIT sandbox: PATH comes from the sandbox's environment
                    if [ "${PS1-}" ] && [ "${BASH-}" ] && [ "$BASH" != "/bin/sh" ] && [ -f /etc/bash.bashrc ]; then
                      . /etc/bash.bashrc
                    fi
                    if [ -d /etc/profile.d ]; then
                      for i in /etc/profile.d/*.sh; do
                        if [ -r $i ]; then . $i; fi
                      done
                      unset i
                    fi
                    """);
            for (String f : List.of("passwd", "group", "hosts", "profile")) {
                Files.setPosixFilePermissions(etc.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The agent socket a record names, which must be a sandbox's socket under this machine's runtime directory
     * (another server's instance directory included); anything else is not this provider's to reach.
     */
    static AgentEndpoint.Unix socketOf(SandboxRecord record, Path instanceDir) {
        AgentEndpoint endpoint;
        try {
            endpoint = AgentEndpoint.parse(record.agent().endpoint());
        } catch (IllegalArgumentException e) {
            throw new SandboxUnavailableException("sandbox " + record.id() + " has an agent endpoint this server cannot use");
        }
        Path runtimeRoot = instanceDir.getParent();
        if (endpoint instanceof AgentEndpoint.Unix unix) {
            Path socket = unix.socket().normalize();
            Path sandboxDir = socket.getParent() == null ? null : socket.getParent().getParent();
            if (sandboxDir != null && sandboxDir.getFileName().toString().equals(record.id())
                    && SANDBOX_ID.matcher(record.id()).matches() && runtimeRoot.equals(sandboxDir.getParent().getParent())) {
                return new AgentEndpoint.Unix(socket);
            }
        }
        throw new SandboxUnavailableException("sandbox " + record.id() + " runs on another machine or under another runtime "
                + "directory; servers on one machine must share codingit.sandbox.runtime-dir");
    }
}
