package io.codingit.sandbox;

/**
 * An error raised by a cell (or by the interpreter around it).
 *
 * @param name      the exception class, e.g. {@code ZeroDivisionError}, or {@code TimeoutError} / {@code InterpreterDied} / {@code SandboxKilled}
 * @param value     its message
 * @param traceback the formatted traceback, lines joined with newlines (no colour codes)
 */
public record ExecutionError(String name, String value, String traceback) {
}
