package io.codingit.sandbox;

import io.codingit.sandbox.spi.Sandbox;

import java.util.List;

/**
 * Runs a fragment's code in an interpreter sandbox for {@code POST /api/sandbox}. The stateful code
 * interpreter ({@code io.codingit.sandbox.interpreter}) provides the bean; without one, the code runs
 * once as {@code python3 <file>} and yields no rich results.
 */
public interface CodeRunner {
    /**
     * @param sandbox  a live sandbox of the {@code code-interpreter-v1} template
     * @param filePath where the code was written (sandbox-absolute)
     * @param code     the fragment's code
     */
    CodeRunResult run(Sandbox sandbox, String filePath, String code);

    /**
     * The interpreter part of the contract's response.
     *
     * @param runtimeError {@code {name, value, traceback}} or null
     * @param cellResults  E2B-shaped results ({@code text, png, html, ..., isMainResult})
     */
    record CodeRunResult(String stdout, String stderr, Object runtimeError, List<?> cellResults) {
        public CodeRunResult {
            cellResults = cellResults == null ? List.of() : List.copyOf(cellResults);
        }
    }
}
