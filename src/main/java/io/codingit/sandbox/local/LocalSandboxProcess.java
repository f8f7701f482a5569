package io.codingit.sandbox.local;

import io.codingit.sandbox.spi.SandboxProcess;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A bubblewrap process; destroying it kills its whole PID namespace (bubblewrap's init dies with its parent). */
final class LocalSandboxProcess implements SandboxProcess {
    private final Process process;
    private final Consumer<LocalSandboxProcess> onDestroy;

    LocalSandboxProcess(Process process, Consumer<LocalSandboxProcess> onDestroy) {
        this.process = process;
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
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
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
