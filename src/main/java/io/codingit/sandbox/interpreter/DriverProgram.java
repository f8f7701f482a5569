package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.spi.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Python driver and the command that runs it. The program is sent as the first stdin line instead of
 * being copied into the sandbox, so the user's home stays untouched and any provider (local, pod, remote)
 * can run it with nothing but Python.
 */
final class DriverProgram {
    /** The name the agent knows the sandbox's interpreter by: one per sandbox, shared by every server. */
    static final String NAME = "python";
    private static final String RESOURCE = "codingit_driver.py";
    /** Reads one JSON string (the driver's source) from stdin and runs it under its own file name. */
    private static final String BOOTSTRAP =
            "import sys,json;exec(compile(json.loads(sys.stdin.readline()),'codingit_driver.py','exec'))";
    /** The driver lives as long as its sandbox; the sandbox's lifetime bounds it, not a command timeout. */
    static final Duration LIFETIME = Duration.ofDays(365);

    private static final String SOURCE = load();

    private DriverProgram() {
    }

    static String source() {
        return SOURCE;
    }

    static Command command(InterpreterProperties properties) {
        Map<String, String> env = Map.of(
                // Figures are delivered as inline PNGs through IPython's display machinery.
                "MPLBACKEND", "module://matplotlib_inline.backend_inline",
                // Caches go to the sandbox's private /tmp, not into the user's files.
                "MPLCONFIGDIR", "/tmp/.matplotlib",
                "IPYTHONDIR", "/tmp/.ipython",
                "PYTHONDONTWRITEBYTECODE", "1",
                "PYTHONIOENCODING", "utf-8",
                "CODINGIT_OUTPUT_LIMIT_BYTES", Long.toString(properties.outputLimit().toBytes()));
        return new Command(List.of(properties.python(), "-c", BOOTSTRAP), null, env, LIFETIME);
    }

    private static String load() {
        try (InputStream in = DriverProgram.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
