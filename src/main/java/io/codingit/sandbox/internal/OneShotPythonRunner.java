package io.codingit.sandbox.internal;

import io.codingit.sandbox.CodeRunner;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Used when no stateful interpreter is installed: runs the file once with Debian's python3 and reports a
 * failure as a runtime error built from the traceback. No rich results.
 */
final class OneShotPythonRunner implements CodeRunner {
    @Override
    public CodeRunResult run(Sandbox sandbox, String filePath, String code) {
        CommandResult result = sandbox.run(Command.of("/usr/bin/python3", filePath));
        return new CodeRunResult(result.stdout(), result.stderr(), runtimeError(result), List.of());
    }

    private static Map<String, String> runtimeError(CommandResult result) {
        if (result.succeeded()) {
            return null;
        }
        Map<String, String> error = new LinkedHashMap<>();
        if (result.timedOut()) {
            error.put("name", "TimeoutError");
            error.put("value", "execution timed out");
        } else {
            String[] lines = result.stderr().strip().split("\n");
            String last = lines[lines.length - 1];
            int colon = last.indexOf(':');
            boolean pythonException = colon > 0 && last.substring(0, colon).matches("[A-Za-z_][\\w.]*");
            error.put("name", pythonException ? last.substring(0, colon) : "ExitError");
            error.put("value", pythonException ? last.substring(colon + 1).strip() : "exit code " + result.exitCode());
        }
        error.put("traceback", result.stderr());
        return error;
    }
}
