package io.codingit.sandbox.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * cgroups through the cgroup file system. v1 has one hierarchy per controller, v2 one hierarchy for all;
 * either way each hierarchy holds {@code <parent>/<sandboxId>} with its limit files.
 */
final class FileCgroups implements Cgroups {
    private static final Logger log = LoggerFactory.getLogger(FileCgroups.class);

    /** One hierarchy: the instance's parent group and the limit files each sandbox group gets. */
    record Hierarchy(Path parent, Map<String, String> limits) {
    }

    private final String description;
    private final List<Hierarchy> hierarchies;
    private final List<String> unapplied;

    FileCgroups(String description, List<Hierarchy> hierarchies, List<String> unapplied) {
        this.description = description;
        this.hierarchies = List.copyOf(hierarchies);
        this.unapplied = List.copyOf(unapplied);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> unappliedLimits() {
        return unapplied;
    }

    @Override
    public List<Path> create(String sandboxId, int pids) {
        List<Path> procs = new ArrayList<>();
        for (Hierarchy h : hierarchies) {
            Path group = h.parent().resolve(sandboxId);
            try {
                Files.createDirectories(group);
                for (Map.Entry<String, String> limit : h.limits().entrySet()) {
                    Files.writeString(group.resolve(limit.getKey()),
                            limit.getKey().equals("pids.max") ? Integer.toString(pids) : limit.getValue());
                }
            } catch (IOException e) {
                throw new IllegalStateException("could not create cgroup " + group + ": " + e.getMessage(), e);
            }
            procs.add(group);
        }
        return procs;
    }

    /**
     * Only the first hierarchy (pids under v1, the unified one under v2) is delegated: the agent's
     * per-command groups exist there only, which is enough to find every process of a command; in the
     * others commands stay in the sandbox's group. Creating and removing memory groups is comparatively
     * slow, and limits stay per sandbox anyway. The limit files keep their owner (root), so the agent can
     * create child groups and move its commands into them but never raise a limit.
     */
    @Override
    public void delegate(String sandboxId, int uid) {
        if (hierarchies.isEmpty() || uid < 0) {
            return;
        }
        Path group = hierarchies.get(0).parent().resolve(sandboxId);
        HostCommands.Result r = HostCommands.run("chown", uid + ":" + uid, group.toString(),
                group.resolve("cgroup.procs").toString());
        if (!r.ok()) {
            throw new IllegalStateException("could not delegate cgroup " + group + ": " + r.output());
        }
    }

    @Override
    public void killAll(String group) {
        for (int round = 0; round < 200; round++) {
            TreeSet<Long> pids = pids(group);
            if (pids.isEmpty()) {
                return;
            }
            for (Hierarchy h : hierarchies) {
                Path kill = h.parent().resolve(group).resolve("cgroup.kill");
                if (Files.exists(kill)) {
                    try {
                        Files.writeString(kill, "1");
                    } catch (IOException ignored) {
                        // fall back to signalling each process below
                    }
                }
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            sleepQuietly(round < 10 ? 2 : 20);
        }
        log.warn("processes of cgroup {} survived 200 kill rounds: {}", group, pids(group));
    }

    @Override
    public void holdAll(String group, boolean stop) {
        // a process forked between two listings is caught by the next round; stopped processes fork no more
        TreeSet<Long> signalled = new TreeSet<>();
        for (int round = 0; round < 20; round++) {
            TreeSet<Long> pids = pids(group);
            pids.removeAll(signalled);
            if (pids.isEmpty()) {
                return;
            }
            List<String> argv = new ArrayList<>(List.of("kill", stop ? "-STOP" : "-CONT"));
            pids.forEach(pid -> argv.add(Long.toString(pid)));
            HostCommands.run(argv);
            signalled.addAll(pids);
            if (!stop) {
                return;
            }
        }
    }

    /** Every pid in the group and below it (cgroup v1 lists only a group's own processes). */
    private TreeSet<Long> pids(String group) {
        TreeSet<Long> pids = new TreeSet<>();
        for (Hierarchy h : hierarchies) {
            for (Path dir : groupsDeepestFirst(h.parent().resolve(group))) {
                try {
                    for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                        if (!line.isBlank()) {
                            pids.add(Long.parseLong(line.trim()));
                        }
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // the group is gone or being torn down
                }
            }
        }
        return pids;
    }

    /** The group and its descendant groups, children before parents. */
    private static List<Path> groupsDeepestFirst(Path group) {
        if (!Files.isDirectory(group)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(group)) {
            return walk.filter(Files::isDirectory).sorted(java.util.Comparator.comparingInt(Path::getNameCount).reversed())
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of(group);
        }
    }

    @Override
    public void remove(String group) {
        for (Hierarchy h : hierarchies) {
            Path root = h.parent().resolve(group);
            for (Path dir : groupsDeepestFirst(root)) {
                for (int attempt = 0; attempt < 100 && Files.exists(dir); attempt++) {
                    try {
                        Files.delete(dir);
                    } catch (IOException e) {
                        // a dying process can keep the group busy for a moment
                        killAll(group);
                        sleepQuietly(10);
                    }
                }
                if (Files.exists(dir)) {
                    log.warn("could not remove cgroup {}", dir);
                }
            }
        }
    }

    @Override
    public void removeParents() {
        for (Hierarchy h : hierarchies) {
            try {
                Files.deleteIfExists(h.parent());
            } catch (IOException e) {
                log.warn("could not remove cgroup {}: {}", h.parent(), e.getMessage());
            }
        }
    }

    @Override
    public List<String> existing() {
        TreeSet<String> names = new TreeSet<>();
        for (Hierarchy h : hierarchies) {
            if (!Files.isDirectory(h.parent())) {
                continue;
            }
            try (Stream<Path> children = Files.list(h.parent())) {
                children.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException ignored) {
                // parent vanished
            }
        }
        return List.copyOf(names);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Detects cgroup v1 or v2 and prepares this instance's parent groups; limits that cannot be applied are listed. */
    static Cgroups detect(String instanceGroup, long memoryBytes, int pids, double cpus) {
        Path root = Path.of("/sys/fs/cgroup");
        Map<String, String> ownPaths = ownCgroupPaths();
        long period = 100_000;
        long quota = Math.max(1000, Math.round(cpus * period));
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            return detectV2(root, ownPaths.getOrDefault("", "/"), instanceGroup, memoryBytes, pids, quota, period);
        }
        if (!Files.isDirectory(root.resolve("memory")) && !Files.isDirectory(root.resolve("pids"))) {
            return Cgroups.none("no cgroup file system at /sys/fs/cgroup");
        }
        List<Hierarchy> hierarchies = new ArrayList<>();
        List<String> unapplied = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
        wanted.put("pids", Map.of("pids.max", Integer.toString(pids)));
        wanted.put("memory", Map.of("memory.limit_in_bytes", Long.toString(memoryBytes)));
        wanted.put("cpu", orderedMap("cpu.cfs_period_us", Long.toString(period), "cpu.cfs_quota_us", Long.toString(quota)));
        for (Map.Entry<String, Map<String, String>> controller : wanted.entrySet()) {
            String name = controller.getKey();
            Path mount = root.resolve(name);
            String own = ownPaths.getOrDefault(name, "/");
            Path parent = mount.resolve(own.substring(1)).resolve(instanceGroup);
            String problem = prepareParent(mount, parent);
            if (problem == null) {
                hierarchies.add(new Hierarchy(parent, controller.getValue()));
                applied.add(name);
            } else {
                unapplied.add(name + ": cgroup v1 controller not usable (" + problem + ")");
            }
        }
        return new FileCgroups("cgroup v1 (" + String.join(", ", applied) + ")", hierarchies, unapplied);
    }

    private static Cgroups detectV2(Path root, String own, String instanceGroup, long memoryBytes, int pids,
                                    long quota, long period) {
        Map<String, String> limits = orderedMap("memory.max", Long.toString(memoryBytes),
                "pids.max", Integer.toString(pids), "cpu.max", quota + " " + period);
        // A v2 group with processes cannot delegate controllers to children, so try our own group's
        // parent chain first only when it is the root; otherwise a sibling group at the root.
        List<Path> candidates = new ArrayList<>();
        if (!"/".equals(own)) {
            candidates.add(root.resolve(own.substring(1)).resolve(instanceGroup));
        }
        candidates.add(root.resolve(instanceGroup));
        String lastProblem = "cgroup v2 not writable";
        for (Path parent : candidates) {
            try {
                Path enclosing = parent.getParent();
                String available = Files.readString(enclosing.resolve("cgroup.controllers"));
                List<String> missing = new ArrayList<>();
                for (String c : List.of("memory", "pids", "cpu")) {
                    if (!(" " + available.strip() + " ").contains(" " + c + " ")) {
                        missing.add(c);
                    }
                }
                if (!missing.isEmpty()) {
                    lastProblem = "controllers " + missing + " not available in " + enclosing;
                    continue;
                }
                Files.writeString(enclosing.resolve("cgroup.subtree_control"), "+memory +pids +cpu");
                Files.createDirectories(parent);
                Files.writeString(parent.resolve("cgroup.subtree_control"), "+memory +pids +cpu");
                return new FileCgroups("cgroup v2 (memory, pids, cpu)", List.of(new Hierarchy(parent, limits)), List.of());
            } catch (IOException | RuntimeException e) {
                lastProblem = "cgroup v2 delegation failed at " + parent + ": " + e.getMessage();
            }
        }
        return Cgroups.none(lastProblem);
    }

    private static String prepareParent(Path mount, Path parent) {
        if (!Files.isDirectory(mount)) {
            return "not mounted at " + mount;
        }
        try {
            Files.createDirectories(parent);
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot create " + parent + ": " + e.getMessage();
        }
    }

    /** controller name → own group path from /proc/self/cgroup ("" is the v2 hierarchy). */
    private static Map<String, String> ownCgroupPaths() {
        Map<String, String> paths = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] parts = line.split(":", 3);
                if (parts.length == 3) {
                    for (String controller : parts[1].split(",")) {
                        paths.put(controller, parts[2]);
                    }
                }
            }
        } catch (IOException ignored) {
            // no /proc: every path defaults to the root
        }
        return paths;
    }

    private static Map<String, String> orderedMap(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
