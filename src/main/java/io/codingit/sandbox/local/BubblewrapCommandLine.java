package io.codingit.sandbox.local;

import io.codingit.sandbox.egress.SandboxEnvironment;
import io.codingit.sandbox.spi.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host command line of a sandbox: in its own session (so it outlives the server), join the sandbox's
 * cgroups and open them as descriptors for the agent, enter its network namespace (internet mode), drop
 * to the sandbox uid, then bubblewrap with every namespace unshared, read-only system directories, a
 * private /tmp and /dev, /proc/sys read-only, no further user namespaces and no capabilities, running
 * the sandbox agent as its program (docs/sandbox-protocol.md). The agent then starts every command. The agent
 * runs under the sandbox's {@link SeccompFilter}, installed by bubblewrap, and so does every command it starts.
 */
final class BubblewrapCommandLine implements SandboxLauncher {
    /**
     * Joins each cgroup directory named by the first arguments, opens the first (the delegated one, where
     * the agent creates its per-command groups) as descriptor 3, then executes the rest. Runs as root,
     * before the uid drop.
     */
    private static final String JOIN_CGROUPS_THEN_EXEC = "n=$1; shift; delegated=$1; while [ \"$n\" -gt 0 ]; do "
            + "echo $$ > \"$1/cgroup.procs\" || exit 125; shift; n=$((n-1)); done; "
            + "exec 3<\"$delegated\" || exit 125; exec \"$@\"";
    static final int SANDBOX_UID = 1000;
    /** Where the agent binary and its socket directory appear inside every sandbox. */
    static final String AGENT_PROGRAM = "/run/codingit-agent";
    static final String AGENT_SOCKET_DIR = "/run/codingit";
    static final String AGENT_SOCKET = AGENT_SOCKET_DIR + "/agent.sock";

    /** Read-only extras the templates need, bound when present on the host. */
    static final List<String> OPTIONAL_ETC = List.of("/etc/alternatives", "/etc/ld.so.cache",
            "/etc/nsswitch.conf", "/etc/fonts", "/etc/matplotlibrc", "/etc/python3", "/etc/python3.11",
            "/etc/ssl", "/etc/ca-certificates", "/etc/localtime", "/etc/mime.types",
            "/etc/profile.d", "/etc/bash.bashrc", "/etc/inputrc", "/etc/magic", "/etc/magic.mime");

    private final String bwrap;
    private final boolean dropPrivileges;
    private final int hostUid;
    private final Path passwd;
    private final Path group;
    private final Path agentBinary;
    private final Map<String, String> environment;
    private final SeccompFilter seccomp;

    BubblewrapCommandLine(String bwrap, boolean dropPrivileges, int hostUid, Path passwd, Path group, Path agentBinary,
                          Map<String, String> environment, SeccompFilter seccomp) {
        this.environment = Map.copyOf(new java.util.LinkedHashMap<>(environment));
        this.seccomp = seccomp;
        this.bwrap = bwrap;
        this.dropPrivileges = dropPrivileges;
        this.hostUid = hostUid;
        this.passwd = passwd;
        this.group = group;
        this.agentBinary = agentBinary;
    }

    /**
     * The sandbox: bubblewrap with all the isolation around the agent, listening on a unix socket in
     * {@code agentDir} (bound at {@link #AGENT_SOCKET_DIR}). No {@code --die-with-parent}: a sandbox outlives
     * the server that started it; it ends when it is killed (its cgroups, or its bubblewrap process).
     */
    @Override
    public String level() {
        return "namespaces";
    }

    @Override
    public List<String> sandbox(String sandboxId, Path sandboxDir, Path home, Path agentDir, List<Path> cgroupDirs,
                                List<String> networkPrefix, boolean shareNetwork, long outputLimit,
                                RegistryEgress.Wiring egress) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/setsid"));
        argv.addAll(seccomp.openForBubblewrap());
        if (!cgroupDirs.isEmpty()) {
            argv.addAll(List.of("/bin/sh", "-c", JOIN_CGROUPS_THEN_EXEC, "sh", Integer.toString(cgroupDirs.size())));
            cgroupDirs.forEach(p -> argv.add(p.toString()));
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
                "--disable-userns", "--new-session", "--clearenv",
                "--ro-bind", "/usr", "/usr",
                "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                "--symlink", "usr/sbin", "/sbin",
                "--ro-bind", passwd.toString(), "/etc/passwd", "--ro-bind", group.toString(), "/etc/group",
                "--ro-bind", passwd.resolveSibling("profile").toString(), "/etc/profile"));
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
                "--bind", agentDir.toString(), AGENT_SOCKET_DIR, "--ro-bind", agentBinary.toString(), AGENT_PROGRAM,
                // Debian ships no `python`; models and users type it
                "--dir", SandboxEnvironment.TOOLS_DIRECTORY,
                "--symlink", "/usr/bin/python3", SandboxEnvironment.TOOLS_DIRECTORY + "/python"));
        argv.addAll(egress.bubblewrapArguments());
        argv.addAll(List.of("--hostname", "sandbox", "--remount-ro", "/", "--cap-drop", "ALL"));
        // the agent gets the filter from its first instruction, and every command it starts inherits it
        argv.addAll(seccomp.bubblewrapOptions());
        argv.addAll(List.of("--", AGENT_PROGRAM, "--listen", "unix:" + AGENT_SOCKET, "--root", Sandbox.HOME,
                "--output-limit", Long.toString(outputLimit)));
        // the fixed environment of every command (the agent's own is never passed on)
        environment.forEach((name, value) -> argv.addAll(List.of("--env", name + "=" + value)));
        argv.addAll(egress.agentArguments());
        if (!cgroupDirs.isEmpty()) {
            argv.addAll(List.of("--cgroup-fd", "3"));
        }
        return argv;
    }
}
