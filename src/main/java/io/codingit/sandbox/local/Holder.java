package io.codingit.sandbox.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A sandbox's resident bubblewrap. Commands enter the namespaces of its init (PID 1 inside, which the
 * sandbox cannot signal). The init is only used once bubblewrap has started its program, i.e. once the
 * sandbox's mounts are complete; and before every use the server checks that it is still the same
 * process (pid and start time), so a recycled pid can never be entered.
 */
final class Holder {
    private final Process process;
    private final ProcessHandle init;
    private final Instant initStarted;

    private Holder(Process process, ProcessHandle init) {
        this.process = process;
        this.init = init;
        this.initStarted = init.info().startInstant().orElse(Instant.EPOCH);
    }

    static Holder start(List<String> argv, Path workingDirectory) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.directory(workingDirectory.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start bubblewrap: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> ready = readyInit(process);
            if (ready.isPresent()) {
                return new Holder(process, ready.get());
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("bubblewrap exited with " + process.exitValue() + ": " + errorOf(process));
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting a sandbox", e);
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException("bubblewrap did not start its program within 10 s");
    }

    /** bubblewrap's init, once its child runs the holder program (so every mount is in place). */
    private static Optional<ProcessHandle> readyInit(Process process) {
        return process.children().findFirst().filter(init -> init.children().anyMatch(child ->
                child.info().command().map(BubblewrapCommandLine.HOLDER_PROGRAM::equals).orElse(false)));
    }

    private static String errorOf(Process process) {
        try {
            return new String(process.getErrorStream().readNBytes(4096)).strip();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** The pid to enter, if the init is still the one this holder started. */
    Optional<Long> initPid() {
        if (!process.isAlive() || !init.isAlive()
                || !init.info().startInstant().orElse(Instant.MIN).equals(initStarted)) {
            return Optional.empty();
        }
        return Optional.of(init.pid());
    }

    boolean isAlive() {
        return initPid().isPresent();
    }

    void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
