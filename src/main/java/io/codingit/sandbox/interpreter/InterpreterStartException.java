package io.codingit.sandbox.interpreter;

/** The interpreter's process could not be started or did not become ready. */
final class InterpreterStartException extends Exception {
    InterpreterStartException(String message) {
        super(message);
    }
}
