package io.codingit.sandbox.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A program to run inside a sandbox. The working directory and environment are set by the runtime,
 * never pasted into a shell string.
 *
 * @param argv    program and arguments; never empty
 * @param cwd     absolute path inside the sandbox (e.g. {@code /home/user}); null means the home
 * @param env     extra environment variables
 * @param timeout wall-clock limit; null means the sandbox's default per-command timeout
 */
public record Command(List<String> argv, String cwd, Map<String, String> env, Duration timeout) {
    public Command {
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        argv = List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), null, Map.of(), null);
    }
}
