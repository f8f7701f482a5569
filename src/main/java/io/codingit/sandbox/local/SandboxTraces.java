package io.codingit.sandbox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What of this instance's sandboxes is on this host: directories, mounts, cgroups, network namespaces, processes. */
final class SandboxTraces {
    private final Path instanceDir;
    private final Cgroups cgroups;

    SandboxTraces(Path instanceDir, Cgroups cgroups) {
        this.instanceDir = instanceDir;
        this.cgroups = cgroups;
    }

    /**
     * What remains on this host of one sandbox: its directory, mounts, cgroups, network namespace and
     * processes (found by its directory in their command lines). Empty once it has been killed.
     */
    List<String> of(String sandboxId) {
        Path dir = instanceDir.resolve(sandboxId);
        List<String> found = new ArrayList<>();
        if (Files.exists(dir)) {
            found.add("directory " + dir);
        }
        HomeLayer.mountsUnder(dir).forEach(m -> found.add("mount " + m));
        if (cgroups.existing().contains(sandboxId)) {
            found.add("cgroup " + sandboxId);
        }
        if (SandboxNetwork.existing(SandboxNetwork.netnsName(sandboxId)).contains(SandboxNetwork.netnsName(sandboxId))) {
            found.add("network namespace " + SandboxNetwork.netnsName(sandboxId));
        }
        ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(dir.toString())).orElse(false))
                .forEach(p -> found.add("process " + p.pid()));
        return found;
    }

    /** Sandbox directories, mounts and cgroups of this instance (all sandboxes). */
    Map<String, Integer> counts() {
        int dirs = 0;
        try (var list = Files.list(instanceDir)) {
            dirs = (int) list.filter(p -> RuntimeDirectory.SANDBOX_ID.matcher(p.getFileName().toString()).matches()).count();
        } catch (IOException ignored) {
            // no directory, no sandboxes
        }
        return Map.of("directories", dirs, "mounts", HomeLayer.mountsUnder(instanceDir).size(),
                "cgroups", cgroups.existing().size());
    }
}
