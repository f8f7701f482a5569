import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.local.LocalSandboxProvider;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxSpec;
import org.springframework.util.unit.DataSize;

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
 * {@code python3 -c 'import pandas'} in a running sandbox. No warm pool: every create starts a sandbox.
 * Run with bench/gvisor/run.sh (root, bubblewrap, python3-seccomp, runsc).
 */
public class GvisorBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
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
        }
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
