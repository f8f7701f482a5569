package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.SandboxProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Test only: runs the driver as a plain host process, for the protocol-level tests and the benchmark's
 * unsandboxed comparison. Production always starts it inside a sandbox.
 */
final class HostProcessStarter implements ProcessStarter {
    @Override
    public SandboxProcess start(Command command) {
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().putAll(command.env());
        try {
            return new HostProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record HostProcess(Process process) implements SandboxProcess {
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
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void destroy() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
