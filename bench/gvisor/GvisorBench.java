import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.local.LocalSandboxProvider;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.sandbox.Execution;
import io.codingit.sandbox.interpreter.InterpreterProperties;
import io.codingit.sandbox.interpreter.PythonInterpreter;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gvisor isolation level against the namespaces level (the baseline), through the real local provider at
 * each level in one JVM, alternating: create + first command ({@code true}), {@code python3 -c pass} and
 * {@code python3 -c 'import pandas'} in a running sandbox; then the interpreter: create to the first {@code 1+1}
 * result, and the warm {@code 1+1} cell round trip (Java client to the driver in the sandbox and back), the two
 * levels' cells alternating. No warm pool: every create starts a sandbox.
 * Run with bench/gvisor/run.sh [rounds] [cells] (root, bubblewrap, python3-seccomp, runsc, python3-pandas).
 */
public class GvisorBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int cells = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path dataDir = Files.createTempDirectory("codingit-bench-gvisor-");
        SandboxSpec spec = new SandboxSpec("bench", "code-interpreter-v1", Duration.ofMinutes(30));
        try (LocalSandboxProvider namespaces = provider("namespaces", dataDir.resolve("namespaces"));
             LocalSandboxProvider gvisor = provider("gvisor", dataDir.resolve("gvisor"))) {
            Map<String, LocalSandboxProvider> levels = new LinkedHashMap<>();
            levels.put("namespaces", namespaces);
            levels.put("gvisor", gvisor);
            List<String> figures = List.of("create + first command (true)", "python3 -c pass", "python3 -c 'import pandas'");
            Map<String, long[][]> nanos = new LinkedHashMap<>();
            levels.keySet().forEach(l -> nanos.put(l, new long[figures.size()][rounds]));
            for (LocalSandboxProvider p : levels.values()) { // warm-up: page cache, JIT
                Sandbox s = p.create(spec);
                check(s.run(Command.of("python3", "-c", "import pandas")));
                s.kill();
            }
            for (int i = 0; i < rounds; i++) {
                for (var level : levels.entrySet()) {
                    long[][] n = nanos.get(level.getKey());
                    long t0 = System.nanoTime();
                    Sandbox s = level.getValue().create(spec);
                    check(s.run(Command.of("true")));
                    long t1 = System.nanoTime();
                    check(s.run(Command.of("python3", "-c", "pass")));
                    long t2 = System.nanoTime();
                    check(s.run(new Command(List.of("python3", "-c", "import pandas"), null, Map.of(), Duration.ofMinutes(2))));
                    long t3 = System.nanoTime();
                    s.kill();
                    n[0][i] = t1 - t0;
                    n[1][i] = t2 - t1;
                    n[2][i] = t3 - t2;
                }
            }
            System.out.printf("median of %d rounds; factor = gvisor / namespaces (the baseline), same run%n", rounds);
            for (int f = 0; f < figures.size(); f++) {
                double base = median(nanos.get("namespaces")[f]) / 1e9;
                double g = median(nanos.get("gvisor")[f]) / 1e9;
                System.out.printf("%-32s namespaces %7.3f s   gvisor %7.3f s   factor %5.1fx%n", figures.get(f), base, g, g / base);
            }
            cells(levels, spec, cells);
        }
    }

    /** The interpreter at both levels: create to first {@code 1+1} result, then warm cells, alternating the levels. */
    private static void cells(Map<String, LocalSandboxProvider> levels, SandboxSpec spec, int cells) {
        Map<String, PythonInterpreter> interpreters = new LinkedHashMap<>();
        Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
        Map<String, double[]> firstResult = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) { // create + first result, three times per level (median)
            for (var level : levels.entrySet()) {
                long t0 = System.nanoTime();
                Sandbox s = level.getValue().create(spec);
                PythonInterpreter interpreter = interpreter(s);
                require(interpreter.execute("1+1"));
                firstResult.computeIfAbsent(level.getKey(), k -> new double[3])[round] = (System.nanoTime() - t0) / 1e6;
                PythonInterpreter previous = interpreters.put(level.getKey(), interpreter);
                Sandbox previousSandbox = sandboxes.put(level.getKey(), s);
                if (previous != null) {
                    previous.close();
                    previousSandbox.kill();
                }
            }
        }
        Map<String, double[]> timings = new LinkedHashMap<>();
        interpreters.keySet().forEach(l -> timings.put(l, new double[cells]));
        for (int i = 0; i < 100; i++) { // warm-up
            interpreters.values().forEach(p -> require(p.execute("1+1")));
        }
        for (int i = 0; i < cells; i++) {
            for (var level : interpreters.entrySet()) {
                long before = System.nanoTime();
                Execution execution = level.getValue().execute("1+1");
                timings.get(level.getKey())[i] = (System.nanoTime() - before) / 1e6;
                require(execution);
            }
        }
        timings.values().forEach(Arrays::sort);
        double[] base = timings.get("namespaces");
        double[] g = timings.get("gvisor");
        double firstBase = median(firstResult.get("namespaces"));
        double firstG = median(firstResult.get("gvisor"));
        System.out.printf("%-32s namespaces %7.3f s   gvisor %7.3f s   factor %5.1fx%n", "create + first 1+1 result",
                firstBase / 1e3, firstG / 1e3, firstG / firstBase);
        System.out.printf("warm 1+1 cell, %d per level alternating: namespaces p50 %.3f ms p99 %.3f ms   gvisor p50 %.3f ms "
                        + "p99 %.3f ms   factor p50 %.1fx p99 %.1fx%n", cells, base[cells / 2], base[cells * 99 / 100],
                g[cells / 2], g[cells * 99 / 100], g[cells / 2] / base[cells / 2], g[cells * 99 / 100] / base[cells * 99 / 100]);
        interpreters.values().forEach(PythonInterpreter::close);
        sandboxes.values().forEach(Sandbox::kill);
    }

    private static PythonInterpreter interpreter(Sandbox sandbox) {
        return new PythonInterpreter((command, bootstrap, maxLine) -> sandbox.interpreter("python", command, bootstrap, maxLine),
                sandbox::isAlive, JsonMapper.builder().build(), InterpreterProperties.defaults());
    }

    private static void require(Execution execution) {
        if (execution.error() != null || execution.results().isEmpty() || !"2".equals(execution.results().getFirst().text())) {
            throw new IllegalStateException("unexpected execution: " + execution);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static LocalSandboxProvider provider(String level, Path dataDir) {
        SandboxProperties props = new SandboxProperties("", 61000, "bwrap", "pasta", SandboxProperties.Egress.NONE,
                Duration.ofMinutes(30), Duration.ofHours(1), 1000, Duration.ofSeconds(120), DataSize.ofMegabytes(1),
                DataSize.ofGigabytes(1), 256, 1.0, DataSize.ofGigabytes(1), Duration.ofSeconds(5), 0,
                new SandboxProperties.Isolation(level, true, "/usr/bin/python3"));
        LocalSandboxProvider provider = new LocalSandboxProvider(props, dataDir, Clock.systemUTC());
        if (!provider.status().available()) {
            throw new IllegalStateException(level + ": " + provider.status().unavailableReason());
        }
        return provider;
    }

    private static void check(CommandResult r) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException("exit " + r.exitCode() + ": " + r.stderr());
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }
}
