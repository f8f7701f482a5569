package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.CodeInterpreters;
import io.codingit.sandbox.CodeRunner;
import io.codingit.sandbox.Execution;
import io.codingit.sandbox.spi.Sandbox;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/sandbox} for {@code code-interpreter-v1}: the fragment's code runs as the first cell of
 * the sandbox's persistent interpreter, so later {@code /execute} calls see its variables.
 */
@Component
class InterpreterCodeRunner implements CodeRunner {
    private final CodeInterpreters interpreters;

    InterpreterCodeRunner(CodeInterpreters interpreters) {
        this.interpreters = interpreters;
    }

    @Override
    public CodeRunResult run(Sandbox sandbox, String filePath, String code) {
        Execution execution = interpreters.of(sandbox).execute(code);
        return new CodeRunResult(
                String.join("", execution.logs().stdout()),
                String.join("", execution.logs().stderr()),
                execution.error(),
                execution.results());
    }
}
