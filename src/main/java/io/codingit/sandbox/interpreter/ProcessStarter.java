package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.InterpreterProcess;

/**
 * Joins the sandbox's interpreter, or starts {@code command} fed {@code bootstrap} as its first line; in production
 * {@code (command, bootstrap, maxLine) -> sandbox.interpreter(DriverProgram.NAME, command, bootstrap, maxLine)}.
 */
@FunctionalInterface
public interface ProcessStarter {
    InterpreterProcess start(Command command, String bootstrap, long maxLineBytes);
}
