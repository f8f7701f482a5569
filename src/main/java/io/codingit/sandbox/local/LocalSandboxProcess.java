package io.codingit.sandbox.local;

import io.codingit.sandbox.spi.SandboxProcess;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A command running in a sandbox. Destroying it kills everything the command started (by its cgroup,
 * or by walking its descendants where there are no cgroups), then the launcher.
 */
final class LocalSandboxProcess implements SandboxProcess {
    private final Process process;
    private final Runnable killEverything;
    private final Consumer<LocalSandboxProcess> onDestroy;

    LocalSandboxProcess(Process process, Runnable killEverything, Consumer<LocalSandboxProcess> onDestroy) {
        this.process = process;
        this.killEverything = killEverything;
        this.onDestroy = onDestroy;
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
        if (process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
            return OptionalInt.of(process.exitValue());
        }
        return OptionalInt.empty();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void destroy() {
        killEverything.run();
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onDestroy.accept(this);
    }

    long pid() {
        return process.pid();
    }
}
