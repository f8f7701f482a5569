package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.CodeInterpreter;
import io.codingit.sandbox.CodeInterpreters;
import io.codingit.sandbox.spi.Sandbox;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps this server's {@link PythonInterpreter} per live sandbox; entries of dead sandboxes are dropped as they
 * are noticed. Each one is a session with the sandbox's one interpreter, which its agent runs: a sandbox
 * created through another server has the same interpreter state here.
 */
@Service
class SandboxInterpreters implements CodeInterpreters {
    private final JsonMapper json;
    private final InterpreterProperties properties;
    private final Map<String, Entry> interpreters = new ConcurrentHashMap<>();

    SandboxInterpreters(JsonMapper json, InterpreterProperties properties) {
        this.json = json;
        this.properties = properties;
    }

    @Override
    public CodeInterpreter of(Sandbox sandbox) {
        forgetDeadSandboxes();
        return interpreters.computeIfAbsent(sandbox.id(),
                id -> new Entry(sandbox, new PythonInterpreter(
                        (command, bootstrap, maxLine) -> sandbox.interpreter(DriverProgram.NAME, command, bootstrap, maxLine),
                        () -> SandboxFate.of(sandbox), json, properties))).interpreter();
    }

    private void forgetDeadSandboxes() {
        interpreters.values().removeIf(entry -> {
            if (entry.sandbox().isAlive()) {
                return false;
            }
            entry.interpreter().close();
            return true;
        });
    }

    private record Entry(Sandbox sandbox, PythonInterpreter interpreter) {
    }
}
