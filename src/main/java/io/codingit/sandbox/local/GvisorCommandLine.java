package io.codingit.sandbox.local;

import io.codingit.sandbox.egress.RegistryCertificates;
import io.codingit.sandbox.egress.SandboxEnvironment;
import io.codingit.sandbox.spi.Sandbox;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code gvisor} level's launch: the same sandbox as {@link BubblewrapCommandLine}'s, run by gVisor's
 * {@code runsc} (Debian's package, ptrace platform) from an OCI bundle in the sandbox's directory. The bundle's
 * root is a read-only skeleton of empty mount points; everything the sandbox sees is a bind mount of the
 * bubblewrap layout ({@code /usr} and the chosen {@code /etc} entries read-only, the home, the agent's socket
 * directory, the registry proxy's socket directory and, when CAs were added for a mirror, their bundle's
 * directory read-only), plus a private {@code /tmp}. Its first process is the
 * agent, which creates its unix socket in the bound socket directory ({@code --host-uds=all} lets gVisor's
 * gofer create that host socket and lets the agent reach the proxy's). Every system call of the agent and the
 * commands is served by gVisor's kernel (the sentry); only the sentry and the gofer are host processes.
 *
 * <p>The host command joins the sandbox's cgroups as root before {@code runsc} starts, so the sentry and the
 * gofer (and all the sandbox's memory, which the sentry holds) are limited by them ({@code --ignore-cgroups}:
 * runsc itself configures none). The agent gets no cgroup descriptor: processes inside gVisor are not host
 * processes, so it kills a command's process group instead. The sandbox user is {@code user} (1000) as under
 * bubblewrap, mapped by an OCI user namespace to the host uid ({@code codingit.sandbox.uid}),
 * named {@code user} in the sandbox's {@code /etc/passwd}.
 */
final class GvisorCommandLine implements SandboxLauncher {
    private static final String JOIN_CGROUPS_THEN_EXEC = "n=$1; shift; while [ \"$n\" -gt 0 ]; do "
            + "echo $$ > \"$1/cgroup.procs\" || exit 125; shift; n=$((n-1)); done; exec \"$@\"";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String runsc;
    private final int hostUid;
    private final Path etc;
    private final Path rootfs;
    private final Path agentBinary;
    private final Map<String, String> environment;

    /**
     * @param etc         the sandbox's own passwd, group, hosts and profile (the user being 1000, as for bubblewrap)
     * @param hostUid     the host uid the sandbox user (1000) is mapped to
     * @param skeletonDir where the bundles' shared read-only root is made
     */
    GvisorCommandLine(String runsc, int hostUid, Path etc, Path skeletonDir, Path agentBinary,
                      Map<String, String> environment) {
        this.runsc = runsc;
        this.hostUid = hostUid;
        this.etc = etc;
        this.rootfs = skeletonDir;
        this.agentBinary = agentBinary;
        this.environment = Map.copyOf(environment);
        makeSkeleton();
    }

    /**
     * The host task limit of a sandbox whose own limit is {@code pids}. The host cgroup counts host threads, and
     * under gVisor's ptrace platform those are the sentry's and the gofer's (about 70 for an idle sandbox,
     * measured) plus, per process inside, a stub process and the sentry threads that trace it (about 8,
     * measured with 8 sleeping processes). So the sandbox's {@code pids} processes get 8 host tasks each and
     * gVisor 128 of its own; a fork bomb inside still stops at the host limit.
     */
    static int hostTasks(int pids) {
        return 128 + 8 * pids;
    }

    @Override
    public String level() {
        return "gvisor";
    }

    @Override
    public List<String> sandbox(String sandboxId, Path sandboxDir, Path home, Path agentDir, List<Path> cgroupDirs,
                                List<String> networkPrefix, boolean shareNetwork, long outputLimit,
                                RegistryEgress.Wiring egress) {
        Path bundle = sandboxDir.resolve("bundle");
        Path state = sandboxDir.resolve("runsc");
        try {
            Files.createDirectories(bundle);
            Files.createDirectories(state);
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(bundle.resolve("config.json"),
                    JSON.writeValueAsString(spec(home, agentDir, shareNetwork, outputLimit, egress)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sandbox's OCI bundle", e);
        }
        List<String> argv = new ArrayList<>(List.of("/usr/bin/setsid"));
        if (!cgroupDirs.isEmpty()) {
            argv.addAll(List.of("/bin/sh", "-c", JOIN_CGROUPS_THEN_EXEC, "sh", Integer.toString(cgroupDirs.size())));
            cgroupDirs.forEach(p -> argv.add(p.toString()));
        }
        argv.addAll(networkPrefix);
        argv.addAll(List.of(runsc, "--root", state.toString(), "--platform=ptrace",
                // a loopback of gVisor's own only: internet egress is refused at this level (the provider says why)
                "--network=none",
                "--host-uds=all", "--ignore-cgroups",
                "run", "--bundle", bundle.toString(), sandboxId));
        return argv;
    }

    private Map<String, Object> spec(Path home, Path agentDir, boolean shareNetwork, long outputLimit,
                                     RegistryEgress.Wiring egress) {
        List<String> args = new ArrayList<>(List.of(BubblewrapCommandLine.AGENT_PROGRAM,
                "--listen", "unix:" + BubblewrapCommandLine.AGENT_SOCKET, "--root", Sandbox.HOME,
                "--output-limit", Long.toString(outputLimit)));
        environment.forEach((name, value) -> args.addAll(List.of("--env", name + "=" + value)));
        args.addAll(egress.agentArguments());
        Map<String, Object> process = new LinkedHashMap<>();
        // the sandbox user is 1000, as under bubblewrap; the user namespace maps it to the host uid (below)
        process.put("user", Map.of("uid", BubblewrapCommandLine.SANDBOX_UID, "gid", BubblewrapCommandLine.SANDBOX_UID));
        process.put("args", args);
        process.put("env", List.of("PATH=/usr/bin:/bin"));
        process.put("cwd", Sandbox.HOME);
        process.put("noNewPrivileges", true);
        Map<String, List<String>> none = new LinkedHashMap<>();
        for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
            none.put(set, List.of());
        }
        process.put("capabilities", none);

        List<Map<String, Object>> mounts = new ArrayList<>();
        mounts.add(Map.of("destination", "/proc", "type", "proc", "source", "proc"));
        mounts.add(Map.of("destination", "/tmp", "type", "tmpfs", "source", "tmpfs"));
        mounts.add(bind("/usr", "/usr", true));
        for (String path : BubblewrapCommandLine.OPTIONAL_ETC) {
            if (Files.exists(Path.of(path))) {
                mounts.add(bind(path, path, true));
            }
        }
        mounts.add(bind(etc.resolve("passwd").toString(), "/etc/passwd", true));
        mounts.add(bind(etc.resolve("group").toString(), "/etc/group", true));
        mounts.add(bind(etc.resolve("profile").toString(), "/etc/profile", true));
        if (shareNetwork) {
            mounts.add(bind("/etc/resolv.conf", "/etc/resolv.conf", true));
            mounts.add(bind("/etc/hosts", "/etc/hosts", true));
        } else {
            mounts.add(bind(etc.resolve("hosts").toString(), "/etc/hosts", true));
        }
        mounts.add(bind(home.toString(), Sandbox.HOME, false));
        mounts.add(bind(agentDir.toString(), BubblewrapCommandLine.AGENT_SOCKET_DIR, false));
        mounts.add(bind(agentBinary.toString(), BubblewrapCommandLine.AGENT_PROGRAM, true));
        if (egress.directory() != null) {
            mounts.add(bind(egress.directory().toString(), RegistryEgress.SOCKET_DIRECTORY, false));
        }
        if (egress.certificates() != null) {
            mounts.add(bind(egress.certificates().toString(), RegistryCertificates.SANDBOX_DIRECTORY, true));
        }

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ociVersion", "1.0.2");
        spec.put("process", process);
        spec.put("root", Map.of("path", rootfs.toString(), "readonly", true));
        spec.put("hostname", "sandbox");
        spec.put("mounts", mounts);
        // runsc starts its gofer as root inside this user namespace, so root must be mapped too (without it:
        // "gofer: fork/exec /proc/self/exe: invalid argument"); root to root gives the gofer no more than it has
        // without a user namespace, where it is host root anyway. The sandbox's files are the host uid's.
        List<Map<String, Integer>> mappings = List.of(Map.of("containerID", 0, "hostID", 0, "size", 1),
                Map.of("containerID", BubblewrapCommandLine.SANDBOX_UID, "hostID", hostUid, "size", 1));
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", List.of(Map.of("type", "pid"), Map.of("type", "ipc"), Map.of("type", "uts"),
                Map.of("type", "mount"), Map.of("type", "network"), Map.of("type", "user")));
        linux.put("uidMappings", mappings);
        linux.put("gidMappings", mappings);
        spec.put("linux", linux);
        return spec;
    }

    private static Map<String, Object> bind(String source, String destination, boolean readOnly) {
        return Map.of("destination", destination, "type", "bind", "source", source,
                "options", List.of("rbind", readOnly ? "ro" : "rw"));
    }

    /**
     * The root every bundle shares: read-only, empty but for the mount points (a directory or an empty file,
     * as the host's source is) and the links bubblewrap's layout has ({@code /bin -> usr/bin}, ... and
     * {@code python} in the tools directory).
     */
    private void makeSkeleton() {
        try {
            // kept across restarts: sandboxes of a previous run, adopted by this one, still run on it
            for (String dir : List.of("usr", "etc", "proc", "dev", "tmp", "home/user", "run/codingit",
                    RegistryEgress.SOCKET_DIRECTORY.substring(1), SandboxEnvironment.TOOLS_DIRECTORY.substring(1),
                    RegistryCertificates.SANDBOX_DIRECTORY.substring(1))) {
                Files.createDirectories(rootfs.resolve(dir));
            }
            for (String file : List.of("etc/passwd", "etc/group", "etc/profile", "etc/hosts", "etc/resolv.conf",
                    BubblewrapCommandLine.AGENT_PROGRAM.substring(1))) {
                createFileIfMissing(rootfs.resolve(file));
            }
            for (String path : BubblewrapCommandLine.OPTIONAL_ETC) {
                Path target = rootfs.resolve(path.substring(1));
                if (Files.isDirectory(Path.of(path))) {
                    Files.createDirectories(target);
                } else if (Files.exists(Path.of(path))) {
                    createFileIfMissing(target);
                }
            }
            for (String name : List.of("bin", "lib", "lib64", "sbin")) {
                linkIfMissing(rootfs.resolve(name), Path.of("usr", name));
            }
            linkIfMissing(rootfs.resolve(SandboxEnvironment.TOOLS_DIRECTORY.substring(1)).resolve("python"),
                    Path.of("/usr/bin/python3"));
            try (var all = Files.walk(rootfs)) {
                for (Path p : all.toList()) {
                    if (!Files.isSymbolicLink(p)) {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                                Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the gVisor sandboxes' root", e);
        }
    }

    private static void createFileIfMissing(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(file);
        }
    }

    private static void linkIfMissing(Path link, Path target) throws IOException {
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, target);
        }
    }
}
