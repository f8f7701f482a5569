package io.codingit.sandbox.local;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Host command lines of a sandbox. The holder: join the sandbox's cgroups, enter its network namespace
 * (internet mode), drop to the sandbox uid, then bubblewrap with every namespace unshared, read-only
 * system directories, a private /tmp and /dev, /proc/sys read-only, no further user namespaces and no
 * capabilities. Each command then enters the holder's namespaces with nsenter (see {@link #exec}). Both run
 * under the sandbox's {@link SeccompFilter}.
 */
final class BubblewrapCommandLine {
    /** Joins each cgroup named by the first arguments, then executes the rest. Runs as root, before the uid drop. */
    private static final String JOIN_CGROUPS_THEN_EXEC =
            "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift; n=$((n-1)); done; exec \"$@\"";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /**
     * The command's own variables travel through the host-side launchers (which run as root) under this prefix,
     * which no loader or library reads (an {@code LD_PRELOAD} of the caller's is {@code CODINGIT_ENV_LD_PRELOAD}
     * there), and in the environment, which only root and the same uid can read, never in an argument list,
     * which every local user can ({@code ps}). Inside the sandbox, as the sandbox user, {@link #UNWRAP_ENVIRONMENT}
     * renames them and executes the program.
     */
    static final String CALLER_PREFIX = "CODINGIT_ENV_";
    /** Bash builtins only: the values never become a process's arguments. */
    static final String UNWRAP_ENVIRONMENT = "for v in ${!" + CALLER_PREFIX + "@}; do export \"${v#" + CALLER_PREFIX
            + "}=${!v}\"; unset \"$v\"; done; exec \"$@\"";
    /** Names bash cannot export (its read-only variables). */
    private static final java.util.Set<String> BASH_READONLY = java.util.Set.of("BASHOPTS", "SHELLOPTS", "EUID", "UID", "PPID");
    static final int SANDBOX_UID = 1000;
    /** What the holder runs: it only has to stay alive. */
    static final String HOLDER_PROGRAM = "/usr/bin/sleep";

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
    private final SeccompFilter seccomp;

    BubblewrapCommandLine(String bwrap, boolean dropPrivileges, int hostUid, Path passwd, Path group, SeccompFilter seccomp) {
        this.seccomp = seccomp;
        this.bwrap = bwrap;
        this.dropPrivileges = dropPrivileges;
        this.hostUid = hostUid;
        this.passwd = passwd;
        this.group = group;
    }

    /**
     * The sandbox's resident process: bubblewrap with all the isolation, holding the namespaces with a
     * {@code sleep infinity} that commands later join. It joins the sandbox's cgroups and (internet mode)
     * network namespace first.
     */
    List<String> holder(Path home, List<Path> cgroupProcs, List<String> networkPrefix, boolean shareNetwork) {
        List<String> argv = new ArrayList<>(seccomp.openForBubblewrap());
        argv.addAll(joinCgroups(cgroupProcs));
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
        } else {
            // "localhost" must resolve on the private loopback: dev servers (Nuxt, Vite) look it up
            argv.addAll(List.of("--ro-bind", passwd.resolveSibling("hosts").toString(), "/etc/hosts"));
        }
        argv.addAll(List.of("--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys", "--dev", "/dev",
                "--tmpfs", "/tmp", "--bind", home.toString(), Sandbox.HOME, "--chdir", Sandbox.HOME,
                "--hostname", "sandbox", "--remount-ro", "/", "--cap-drop", "ALL"));
        // the sandbox's first process gets the filter, and so does everything it ever starts
        argv.addAll(seccomp.bubblewrapOptions());
        argv.addAll(List.of("--", HOLDER_PROGRAM, "infinity"));
        return argv;
    }

    /** A host command line and the exact environment it (and so the sandboxed program) gets. */
    record Launch(List<String> argv, Map<String, String> environment) {
    }

    /**
     * One command in a running sandbox: join the command's cgroup, take the seccomp filter, enter every
     * namespace of the holder (its innermost user namespace, where new user namespaces are disabled),
     * become the sandbox user there, forbid gaining privileges, and start the program in {@code cwd}.
     * The base environment is fixed here and passes through the launchers (named by absolute path); the
     * command's own variables pass under {@link #CALLER_PREFIX} and are set by bash inside the sandbox.
     */
    Launch exec(Command command, long holderPid, List<Path> cgroupProcs) {
        List<String> argv = joinCgroups(cgroupProcs);
        // nsenter's process descends from the server, not from the sandbox's first process: it takes the filter itself
        argv.addAll(seccomp.beforeEntering());
        argv.addAll(List.of("/usr/bin/nsenter", "--target", Long.toString(holderPid), "--user", "--mount", "--pid",
                "--ipc", "--uts", "--net", "--cgroup", "--setuid", Integer.toString(SANDBOX_UID), "--setgid",
                Integer.toString(SANDBOX_UID), "--wdns=" + (command.cwd() == null ? Sandbox.HOME : command.cwd()),
                "--", "/usr/bin/setpriv", "--no-new-privs", "--"));
        argv.addAll(seccomp.afterEntering());
        Map<String, String> callers = new LinkedHashMap<>();
        if (!command.env().isEmpty()) {
            for (Map.Entry<String, String> e : command.env().entrySet()) {
                if (!ENV_NAME.matcher(e.getKey()).matches() || e.getValue().indexOf('\0') >= 0
                        || BASH_READONLY.contains(e.getKey())) {
                    throw new IllegalArgumentException("invalid environment variable: " + e.getKey());
                }
                callers.put(CALLER_PREFIX + e.getKey(), e.getValue());
            }
            argv.addAll(List.of("/usr/bin/bash", "-c", UNWRAP_ENVIRONMENT, "codingit-env"));
        }
        argv.addAll(command.argv());
        // a fixed, harmless environment: it passes through the launchers into the sandbox
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", Sandbox.HOME);
        env.put("USER", "user");
        env.put("LOGNAME", "user");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("MPLBACKEND", "Agg");
        env.put("TERM", "xterm-256color");
        env.putAll(callers);
        return new Launch(argv, Map.copyOf(env));
    }

    private static List<String> joinCgroups(List<Path> cgroupProcs) {
        List<String> argv = new ArrayList<>();
        if (!cgroupProcs.isEmpty()) {
            argv.addAll(List.of("/bin/sh", "-c", JOIN_CGROUPS_THEN_EXEC, "sh", Integer.toString(cgroupProcs.size())));
            cgroupProcs.forEach(p -> argv.add(p.toString()));
        }
        return argv;
    }
}
