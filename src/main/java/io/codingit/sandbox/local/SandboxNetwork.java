package io.codingit.sandbox.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's network. {@code none}: bubblewrap's own empty network namespace (a private loopback
 * only). {@code internet}: a named network namespace per sandbox, connected by pasta with every
 * host-port forward disabled ({@code -T none -U none}) and the gateway not mapped to the host
 * ({@code --no-map-gw}), so outbound traffic works while the host's own services stay unreachable.
 */
final class SandboxNetwork {
    static final String NETNS_PREFIX = "codingit-";
    private static final Path NETNS_DIR = Path.of("/run/netns");

    private final boolean internet;
    private final String pasta;

    SandboxNetwork(boolean internet, String pasta) {
        this.internet = internet;
        this.pasta = pasta;
    }

    boolean internet() {
        return internet;
    }

    static String netnsName(String sandboxId) {
        return NETNS_PREFIX + sandboxId;
    }

    /**
     * Creates the namespace and starts pasta (internet mode); nothing for {@code none}. {@code hostLoopbackPorts}
     * are the only host ports forwarded into the namespace ({@code -T}): a connection to one of them on the
     * sandbox's loopback reaches the same port on the host's loopback.
     */
    void create(String sandboxId, Path sandboxDir, List<Integer> hostLoopbackPorts) {
        if (!internet) {
            return;
        }
        String name = netnsName(sandboxId);
        HostCommands.Result add = HostCommands.run("ip", "netns", "add", name);
        if (!add.ok()) {
            throw new IllegalStateException("ip netns add failed: " + add.output());
        }
        HostCommands.Result started = HostCommands.run(pasta, "-q", "--runas", "0:0", "--config-net",
                "-t", "none", "-u", "none", "-T", hostLoopbackPorts.isEmpty() ? "none"
                        : String.join(",", hostLoopbackPorts.stream().map(String::valueOf).toList()), "-U", "none", "--no-map-gw",
                "-P", sandboxDir.resolve("pasta.pid").toString(), "--netns", NETNS_DIR.resolve(name).toString());
        if (!started.ok()) {
            remove(sandboxId, sandboxDir);
            throw new IllegalStateException("pasta failed: " + started.output());
        }
    }

    /** Commands that put the sandbox into its namespace (before bubblewrap). */
    List<String> enterPrefix(String sandboxId) {
        if (!internet) {
            return List.of();
        }
        return List.of("nsenter", "--net=" + NETNS_DIR.resolve(netnsName(sandboxId)));
    }

    /** Stops pasta and deletes the namespace; safe to call for namespaces of a previous run. */
    void remove(String sandboxId, Path sandboxDir) {
        Path pidFile = sandboxDir.resolve("pasta.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("pasta")).orElse(false))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (Exception ignored) {
            // pasta also exits when its namespace goes away
        }
        if (Files.exists(NETNS_DIR.resolve(netnsName(sandboxId)))) {
            HostCommands.run("ip", "netns", "delete", netnsName(sandboxId));
        }
    }

    /** Names of this server's sandbox namespaces that exist on the host. */
    static List<String> existing(String prefix) {
        List<String> names = new ArrayList<>();
        try (var list = Files.list(NETNS_DIR)) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).forEach(names::add);
        } catch (Exception ignored) {
            // no namespaces at all
        }
        return names;
    }
}
