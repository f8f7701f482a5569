package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.CodeInterpreter;
import io.codingit.sandbox.CodeInterpreters;
import io.codingit.sandbox.spi.Sandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps one {@link PythonInterpreter} per live sandbox; entries of dead sandboxes are dropped as they are noticed. */
@Service
class SandboxInterpreters implements CodeInterpreters {
    private static final Logger log = LoggerFactory.getLogger(SandboxInterpreters.class);

    private final JsonMapper json;
    private final InterpreterProperties properties;
    private final Map<String, Entry> interpreters = new ConcurrentHashMap<>();

    SandboxInterpreters(JsonMapper json, InterpreterProperties properties) {
        this.json = json;
        this.properties = properties;
    }

    @Override
    public CodeInterpreter of(Sandbox sandbox) {
        return interpreter(sandbox);
    }

    private PythonInterpreter interpreter(Sandbox sandbox) {
        forgetDeadSandboxes();
        return interpreters.computeIfAbsent(sandbox.id(),
                id -> new Entry(sandbox, new PythonInterpreter(sandbox::start, json, properties))).interpreter();
    }

    @Override
    public void warm(Sandbox sandbox) {
        PythonInterpreter interpreter = interpreter(sandbox);
        Thread.ofVirtual().name("interpreter-warm-" + sandbox.id()).start(() -> {
            try {
                interpreter.warmUp();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.debug("interpreter of sandbox {} did not warm up", sandbox.id(), e);
            }
        });
    }

    @Override
    public void release(String sandboxId) {
        Entry entry = interpreters.remove(sandboxId);
        if (entry != null) {
            entry.interpreter().close();
        }
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
