package io.codingit.sandbox.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The containers of the mock cluster's pods: the real agent binary (built by Maven from {@code agent/}), one process
 * per pod on a loopback address of its own (127.0.0.10, .11, ...) and the pod's agent port, given the secret of the
 * pod's Kubernetes Secret on its standard input, its home bound at {@code /home/user} by bubblewrap and running as
 * uid 61000 (the local sandboxes' uid), never as root. Stopping a pod stops its agent. Needs root and bubblewrap.
 */
final class RealAgents implements AutoCloseable {
    private static final String RESOURCE = "/io/codingit/sandbox/agent/codingit-agent";
    private static final int UNPRIVILEGED_UID = 61000;

    private final Path directory;
    private final Path binary;
    private final int port;
    private final AtomicInteger nextAddress = new AtomicInteger(10);
    private final Map<String, Process> running = new ConcurrentHashMap<>();

    RealAgents(int port) {
        this.port = port;
        try {
            directory = Files.createTempDirectory("k8s-agents-");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            binary = directory.resolve("codingit-agent");
            try (InputStream in = RealAgents.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the agent binary is not on the class path (" + RESOURCE + ")");
                }
                Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** Starts the agent of a pod; returns its address (the pod IP). */
    String start(String pod, String secretHex) {
        String ip = "127.0.0." + nextAddress.getAndIncrement();
        try {
            Path root = Files.createDirectories(directory.resolve(pod));
            Files.setOwner(root, root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(
                    Integer.toString(UNPRIVILEGED_UID)));
            // the pod's view: its home at /home/user (a bind in a mount namespace of its own, over a private /home),
            // the agent as uid 61000; the host's loopback stays shared, so the agent listens on the pod's address
            List<String> argv = new ArrayList<>(List.of("bwrap", "--die-with-parent", "--dev-bind", "/", "/",
                    "--tmpfs", "/home", "--bind", root.toString(), "/home/user", "--",
                    "setpriv", "--reuid", Integer.toString(UNPRIVILEGED_UID), "--regid", Integer.toString(UNPRIVILEGED_UID),
                    "--clear-groups", "--",
                    binary.toString(), "--listen", "tcp:" + ip + ":" + port, "--root", "/home/user"));
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(directory.resolve(pod + ".log").toFile());
            builder.environment().clear();
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write((secretHex + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            running.put(pod, process);
            return ip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kubelet's teardown: every agent whose pod is gone is stopped. */
    void stopAllBut(Set<String> pods) {
        running.keySet().stream().filter(name -> !pods.contains(name)).toList().forEach(this::stop);
    }

    private void stop(String pod) {
        Process process = running.remove(pod);
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isRunning(String pod) {
        Process process = running.get(pod);
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        List.copyOf(running.keySet()).forEach(this::stop);
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
