package io.codingit.sandbox;

/** Live events of one cell, in the order they happen. Called from the interpreter's reader thread. */
public interface ExecutionListener {
    ExecutionListener NONE = new ExecutionListener() {
    };

    default void onStdout(String text) {
    }

    default void onStderr(String text) {
    }

    default void onResult(CellResult result) {
    }

    default void onError(ExecutionError error) {
    }
}
