package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.SandboxProcess;

/** Starts the interpreter's process; in production {@code sandbox::start}. */
@FunctionalInterface
public interface ProcessStarter {
    SandboxProcess start(Command command);
}
