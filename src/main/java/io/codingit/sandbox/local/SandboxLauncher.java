package io.codingit.sandbox.local;

import java.nio.file.Path;
import java.util.List;

/**
 * The host command line that starts one sandbox around its agent: bubblewrap at the {@code namespaces} level,
 * gVisor's {@code runsc} at the {@code gvisor} level (docs/sandbox.md, "Isolation levels"). Either way the
 * command joins the sandbox's cgroups first, the agent is the sandbox's first process, listens on the unix
 * socket in {@code agentDir}, reads its secret from standard input and starts every command.
 */
interface SandboxLauncher {
    /**
     * @param sandboxId     the sandbox's id
     * @param sandboxDir    the sandbox's own host directory (its state may go there)
     * @param home          the home directory, seen as {@code /home/user}
     * @param agentDir      where the agent creates its socket
     * @param cgroupDirs    the sandbox's cgroups, joined before anything starts (the first is delegated)
     * @param networkPrefix the command that enters the sandbox's network namespace (internet egress), else empty
     * @param shareNetwork  whether the sandbox uses that namespace (internet egress) rather than none at all
     */
    List<String> sandbox(String sandboxId, Path sandboxDir, Path home, Path agentDir, List<Path> cgroupDirs,
                         List<String> networkPrefix, boolean shareNetwork, long outputLimit, RegistryEgress.Wiring egress);

    /** The level's name, as {@code codingit.sandbox.isolation.level} spells it. */
    String level();
}
