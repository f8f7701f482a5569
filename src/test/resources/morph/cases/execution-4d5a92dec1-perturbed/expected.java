package io.codingit.sandbox;

import java.util.List;

/**
 * The outcome of one cell, in E2B's code-interpreter shape.
 *
 * @param results        the main result (last expression) and display results, in order
 * @param logs           what the cell printed
 * @param error          the cell's error, null when it succeeded
 * @param executionCount the interpreter's cell counter (IPython's {@code In [n]}), null if unknown
 */
public record Execution(List<CellResult> results, Logs logs, ExecutionError error, Integer executionCount) {
    public Execution {
        results = List.copyOf(results);
    }

    /** Printed output, one entry per chunk as it was written. */
    public record Logs(List<String> stdout, List<String> stderr) {
        public Logs {
            stdout = List.copyOf(stdout);
            stderr = List.copyOf(stderr);
        }
    }
}
