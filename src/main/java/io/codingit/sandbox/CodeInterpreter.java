package io.codingit.sandbox;

import java.time.Duration;

/**
 * A persistent Python interpreter living in one sandbox: variables survive between cells. One cell runs
 * at a time; a second caller waits for the first.
 */
public interface CodeInterpreter extends AutoCloseable {
    /**
     * Runs one cell. Never throws for problems of the user's code: they come back as {@link Execution#error()}.
     * A cell that outlives {@code timeout} is interrupted and the interpreter keeps its state; if the
     * interpreter died, the error says so and the next cell starts a fresh one.
     *
     * @param timeout  null means the configured default
     * @param listener told about output and results as they happen (on another thread)
     */
    Execution execute(String code, Duration timeout, ExecutionListener listener);

    default Execution execute(String code) {
        return execute(code, null, ExecutionListener.NONE);
    }

    /**
     * Interrupts the running cell, as Ctrl+C would (a {@code KeyboardInterrupt} in it); the interpreter
     * and its state are kept. The cell's own {@code execute} then ends with that error.
     *
     * @return whether a cell was running
     */
    default boolean interrupt() {
        return false;
    }

    /** Stops the interpreter's process; the next cell would start a new one. */
    @Override
    void close();
}
