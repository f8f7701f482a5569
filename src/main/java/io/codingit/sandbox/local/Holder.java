package io.codingit.sandbox.local;

import io.codingit.sandbox.agent.AgentClient;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A sandbox's bubblewrap, whose program is the agent. It is started detached from the server: in a
 * session of its own, its standard input the secret file (read once by the agent), its output appended to
 * a log file, nothing tied to the server's pipes, so it survives the server. It is ready once its agent
 * answers on the socket. Its pid and start time are kept in {@code <sandbox dir>/holder.pid}, so that a
 * restarted server can adopt it ({@link #adopt}) and never mistakes a reused pid for it.
 */
final class Holder {
    private static final Logger log = LoggerFactory.getLogger(Holder.class);
    /**
     * How long a new sandbox's agent may take to answer. A start takes ~0.1 s on an idle host; a burst of cold starts
     * on two busy cores was seen to take over 10 s (bench/burst), and such a start is slow, not broken.
     */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    static final String PID_FILE = "holder.pid";
    private final ProcessHandle process;

    private Holder(ProcessHandle process) {
        this.process = process;
    }

    static Holder start(List<String> argv, Path workingDirectory, Path secretFile, Path logFile, Path socket,
                        AgentClient agent, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.directory(workingDirectory.toFile());
        pb.redirectInput(secretFile.toFile());
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start bubblewrap: " + e.getMessage(), e);
        }
        Holder holder = new Holder(process.toHandle());
        holder.writePidFile(workingDirectory.resolve(PID_FILE));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(socket) && agent.answers()) {
                return holder;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the sandbox exited with " + process.exitValue() + ": " + tail(logFile));
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                holder.destroy();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting a sandbox", e);
            }
        }
        holder.destroy();
        log.warn("sandbox in {}: its agent did not answer within {} s: {}", workingDirectory, timeout.toSeconds(), tail(logFile));
        // the host is too busy to start one now (a broken start exits, above): unavailable, not a server error
        throw new SandboxUnavailableException("the sandbox did not start within " + timeout.toSeconds()
                + " s (the host is busy); try again shortly");
    }

    /**
     * The bubblewrap a previous server process started in {@code sandboxDir}, when it still runs: the pid from
     * the pid file, checked against the start time recorded with it (a pid the system reused is not it).
     */
    static Optional<Holder> adopt(Path sandboxDir) {
        Path file = sandboxDir.resolve(PID_FILE);
        try {
            String[] fields = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
            long pid = Long.parseLong(fields[0]);
            long started = Long.parseLong(fields[1]);
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == started)
                    .map(Holder::new);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void writePidFile(Path file) {
        long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        try {
            Files.writeString(file, process.pid() + " " + started + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // without it a restarted server cannot adopt this sandbox, and removes it instead
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 2000)).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Whether the sandbox's bubblewrap (and so its agent, its first and only program) still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the cgroup kill that follows ends whatever is left
        }
    }
}
