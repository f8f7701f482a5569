package io.codingit.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real server in a child {@code java} process (the test JVM's class path, test profile), for tests that
 * must kill a server the way a crash does: {@link #kill()} sends SIGKILL, so no shutdown hook, no
 * {@code @PreDestroy} and no provider close runs. Its output goes to {@code server.log} in its data directory.
 */
public final class ChildServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final TestApi api;
    private final Path log;

    private ChildServer(Process process, int port, Path log) {
        this.process = process;
        this.api = new TestApi(port);
        this.log = log;
    }

    /** Starts a server with {@code properties} (must include {@code codingit.data-dir}) and waits until it is healthy. */
    public static ChildServer start(Map<String, String> properties) {
        Path dataDir = Path.of(properties.get("codingit.data-dir"));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "io.codingit.CodingItApplication",
                "--spring.profiles.active=test", "--server.port=" + port));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve("server.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ChildServer server = new ChildServer(process, port, log);
            server.awaitHealthy();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestApi api() {
        return api;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crash or the OOM killer would: the process gets no chance to clean up. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** A graceful stop (SIGTERM): Spring closes the context. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the child server exited with " + process.exitValue() + "; its log: " + tail());
            }
            try {
                if (api.get("/api/health").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the child server did not become healthy within " + START_TIMEOUT + "; its log: " + tail());
    }

    private String tail() {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
