import io.codingit.sandbox.Execution;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.interpreter.InterpreterProperties;
import io.codingit.sandbox.interpreter.PythonInterpreter;
import io.codingit.sandbox.local.LocalSandboxProvider;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxSpec;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Our side of the interpreter benchmark: the warm {@code 1+1} round trip from the Java client to the driver
 * inside a real bubblewrap sandbox (default limits), the time to a first result, and the memory of the idle
 * interpreter sandbox. Prints one JSON line. Run with bench/interpreter/run.sh (root, bubblewrap).
 */
public class InterpreterBench {
    public static void main(String[] args) throws Exception {
        int cells = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        SandboxProperties props = new SandboxProperties("", 61000, "bwrap", "pasta", SandboxProperties.Egress.NONE,
                Duration.ofMinutes(10), Duration.ofHours(1), 5, Duration.ofSeconds(30), DataSize.ofMegabytes(1),
                DataSize.ofGigabytes(1), 256, 1.0, DataSize.ofGigabytes(1), Duration.ofSeconds(5),
                0, SandboxProperties.Isolation.defaults()); // no warm pool: the memory figure must cover this one sandbox only
        Path dataDir = Files.createTempDirectory("codingit-bench-");
        try (LocalSandboxProvider provider = new LocalSandboxProvider(props, dataDir, Clock.systemUTC())) {
            if (!provider.status().available()) {
                throw new IllegalStateException(provider.status().unavailableReason());
            }
            long t0 = System.nanoTime();
            Sandbox sandbox = provider.create(new SandboxSpec("bench", "code-interpreter-v1", Duration.ofMinutes(10)));
            PythonInterpreter interpreter = new PythonInterpreter((command, bootstrap, maxLine) -> sandbox.interpreter("python", command, bootstrap, maxLine),
                    sandbox::isAlive, JsonMapper.builder().build(),
                    InterpreterProperties.defaults());
            require(interpreter.execute("1+1"));
            double firstResultMs = (System.nanoTime() - t0) / 1e6;
            for (int i = 0; i < warmup; i++) {
                require(interpreter.execute("1+1"));
            }
            double[] timings = new double[cells];
            for (int i = 0; i < cells; i++) {
                long before = System.nanoTime();
                Execution execution = interpreter.execute("1+1");
                timings[i] = (System.nanoTime() - before) / 1e6;
                require(execution);
            }
            Arrays.sort(timings);
            Thread.sleep(1000); // let it idle
            long[] memory = sandboxMemoryKib();
            System.out.println(String.format(Locale.ROOT,
                    "{\"what\": \"codingit interpreter in bubblewrap, warm 1+1\", \"cells\": %d, \"p50_ms\": %.3f, "
                            + "\"p99_ms\": %.3f, \"create_to_first_result_ms\": %.1f, \"idle_processes\": %d, "
                            + "\"idle_rss_mib\": %.1f, \"idle_pss_mib\": %.1f}",
                    cells, percentile(timings, 0.50), percentile(timings, 0.99), firstResultMs,
                    memory[0], memory[1] / 1024.0, memory[2] / 1024.0));
            // A second session joined to the same driver through the agent: what another server does for the sandbox.
            PythonInterpreter joined = new PythonInterpreter((command, bootstrap, maxLine) -> sandbox.interpreter("python", command, bootstrap, maxLine),
                    sandbox::isAlive, JsonMapper.builder().build(), InterpreterProperties.defaults());
            double[] viaJoined = new double[cells];
            double[] viaFirst = new double[cells];
            for (int i = 0; i < warmup; i++) {
                require(joined.execute("1+1"));
            }
            for (int i = 0; i < cells; i++) {
                long before = System.nanoTime();
                Execution execution = joined.execute("1+1");
                viaJoined[i] = (System.nanoTime() - before) / 1e6;
                require(execution);
                before = System.nanoTime();
                execution = interpreter.execute("1+1");
                viaFirst[i] = (System.nanoTime() - before) / 1e6;
                require(execution);
            }
            Arrays.sort(viaJoined);
            Arrays.sort(viaFirst);
            System.out.println(String.format(Locale.ROOT,
                    "{\"what\": \"warm 1+1, two sessions on one driver alternating: the starting one (creating server) and a joined one (other server)\", "
                            + "\"cells\": %d, \"starting_p50_ms\": %.3f, \"starting_p99_ms\": %.3f, \"joined_p50_ms\": %.3f, \"joined_p99_ms\": %.3f}",
                    cells, percentile(viaFirst, 0.50), percentile(viaFirst, 0.99), percentile(viaJoined, 0.50), percentile(viaJoined, 0.99)));
            interpreter.close();
            sandbox.kill();
        }
    }

    private static void require(Execution execution) {
        if (execution.error() != null || execution.results().isEmpty() || !"2".equals(execution.results().getFirst().text())) {
            throw new IllegalStateException("unexpected execution: " + execution);
        }
    }

    private static double percentile(double[] sorted, double fraction) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(fraction * (sorted.length - 1)))];
    }

    /** {count, RSS, PSS} over every process this JVM started: the one sandbox's bubblewrap and Python. */
    private static long[] sandboxMemoryKib() {
        long[] total = new long[3];
        ProcessHandle.current().descendants().forEach(p -> {
            total[0]++;
            total[1] += field(Path.of("/proc", Long.toString(p.pid()), "status"), "VmRSS:");
            total[2] += field(Path.of("/proc", Long.toString(p.pid()), "smaps_rollup"), "Pss:");
        });
        return total;
    }

    private static long field(Path file, String name) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(name))
                    .mapToLong(line -> Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]))
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
