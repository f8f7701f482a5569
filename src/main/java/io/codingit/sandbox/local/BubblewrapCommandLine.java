package io.codingit.sandbox.local;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The host command line that runs one {@link Command} inside a sandbox: join the sandbox's cgroups,
 * enter its network namespace (internet mode), drop to the sandbox uid, then bubblewrap with every
 * namespace unshared, read-only system directories, a private /tmp and /dev, /proc/sys read-only,
 * no further user namespaces and no capabilities.
 */
final class BubblewrapCommandLine {
    /** Joins each cgroup named by the first arguments, then executes the rest. Runs as root, before the uid drop. */
    private static final String JOIN_CGROUPS_THEN_EXEC =
            "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift; n=$((n-1)); done; exec \"$@\"";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final int SANDBOX_UID = 1000;

    /** Read-only extras the templates need, bound when present on the host. */
    private static final List<String> OPTIONAL_ETC = List.of("/etc/alternatives", "/etc/ld.so.cache",
            "/etc/nsswitch.conf", "/etc/fonts", "/etc/matplotlibrc", "/etc/python3", "/etc/python3.11",
            "/etc/ssl", "/etc/ca-certificates", "/etc/localtime", "/etc/mime.types", "/etc/profile",
            "/etc/profile.d", "/etc/bash.bashrc", "/etc/inputrc", "/etc/magic", "/etc/magic.mime");

    private final String bwrap;
    private final boolean dropPrivileges;
    private final int hostUid;
    private final Path passwd;
    private final Path group;

    BubblewrapCommandLine(String bwrap, boolean dropPrivileges, int hostUid, Path passwd, Path group) {
        this.bwrap = bwrap;
        this.dropPrivileges = dropPrivileges;
        this.hostUid = hostUid;
        this.passwd = passwd;
        this.group = group;
    }

    List<String> build(Command command, Path home, List<Path> cgroupProcs, List<String> networkPrefix,
                       boolean shareNetwork) {
        List<String> argv = new ArrayList<>();
        if (!cgroupProcs.isEmpty()) {
            argv.addAll(List.of("/bin/sh", "-c", JOIN_CGROUPS_THEN_EXEC, "sh", Integer.toString(cgroupProcs.size())));
            cgroupProcs.forEach(p -> argv.add(p.toString()));
        }
        argv.addAll(networkPrefix);
        if (dropPrivileges) {
            argv.addAll(List.of("setpriv", "--reuid", Integer.toString(hostUid), "--regid", Integer.toString(hostUid),
                    "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"));
        }
        argv.add(bwrap);
        argv.addAll(List.of("--unshare-all"));
        if (shareNetwork) {
            argv.add("--share-net");
        }
        argv.addAll(List.of("--unshare-user", "--uid", Integer.toString(SANDBOX_UID), "--gid", Integer.toString(SANDBOX_UID),
                "--disable-userns", "--die-with-parent", "--new-session", "--clearenv",
                "--ro-bind", "/usr", "/usr",
                "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                "--symlink", "usr/sbin", "/sbin",
                "--ro-bind", passwd.toString(), "/etc/passwd", "--ro-bind", group.toString(), "/etc/group"));
        for (String etc : OPTIONAL_ETC) {
            argv.addAll(List.of("--ro-bind-try", etc, etc));
        }
        if (shareNetwork) {
            argv.addAll(List.of("--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf",
                    "--ro-bind-try", "/etc/hosts", "/etc/hosts"));
        }
        argv.addAll(List.of("--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys", "--dev", "/dev",
                "--tmpfs", "/tmp", "--bind", home.toString(), Sandbox.HOME,
                "--chdir", command.cwd() == null ? Sandbox.HOME : command.cwd(),
                "--setenv", "HOME", Sandbox.HOME, "--setenv", "USER", "user", "--setenv", "LOGNAME", "user",
                "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "LANG", "C.UTF-8",
                "--setenv", "MPLBACKEND", "Agg", "--setenv", "TERM", "xterm-256color",
                "--hostname", "sandbox"));
        for (Map.Entry<String, String> e : command.env().entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("invalid environment variable name: " + e.getKey());
            }
            argv.addAll(List.of("--setenv", e.getKey(), e.getValue()));
        }
        argv.addAll(List.of("--remount-ro", "/", "--cap-drop", "ALL", "--"));
        argv.addAll(command.argv());
        return argv;
    }
}
