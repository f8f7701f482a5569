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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the seccomp filter costs (issue 22): a command's start, and a syscall-heavy loop (stat,
 * open+close, fork+exec) measured inside the sandbox, each with the filter and without it, in the same
 * run, alternating. Also the loop under bubblewrap alone, with and without {@code --seccomp}: the path
 * of a sandbox's first process alone (the agent's, which every command inherits).
 * Run with bench/seccomp/run.sh (as root, bubblewrap and python3-seccomp installed).
 */
public class SeccompBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int loops = Math.max(5, rounds / 5);
        Path dataDir = Files.createTempDirectory("codingit-bench-");
        try (LocalSandboxProvider filtered = provider(true, dataDir.resolve("on"));
             LocalSandboxProvider unfiltered = provider(false, dataDir.resolve("off"))) {
            SandboxSpec spec = new SandboxSpec("bench", "code-interpreter-v1", Duration.ofMinutes(30));
            Sandbox on = filtered.create(spec);
            Sandbox off = unfiltered.create(spec);
            byte[] loop = Files.readAllBytes(Path.of("bench/seccomp/syscall-loop.c"));
            for (Sandbox s : List.of(on, off)) {
                s.files().write("loop.c", loop);
                check(s.run(new Command(List.of("gcc", "-O2", "-o", "loop", "loop.c"), null, Map.of(), Duration.ofMinutes(1))));
            }
            for (int i = 0; i < 10; i++) { // warm-up
                on.run(Command.of("true"));
                off.run(Command.of("true"));
            }
            long[] startOn = new long[rounds];
            long[] startOff = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                check(off.run(Command.of("true")));
                long t1 = System.nanoTime();
                check(on.run(Command.of("true")));
                long t2 = System.nanoTime();
                startOff[i] = t1 - t0;
                startOn[i] = t2 - t1;
            }
            System.out.println("== command start (sandbox.run(\"true\"), result collected)");
            report("without the filter", startOff, null);
            report("with the filter", startOn, startOff);

            Path program = dataDir.resolve("on/sandbox/seccomp/sandbox.bpf");
            Path bareLoop = dataDir.resolve("loop");
            check(run(List.of("gcc", "-O2", "-o", bareLoop.toString(), "bench/seccomp/syscall-loop.c")));
            List<double[]> inOff = new ArrayList<>();
            List<double[]> inOn = new ArrayList<>();
            List<double[]> bareOff = new ArrayList<>();
            List<double[]> bareOn = new ArrayList<>();
            for (int i = 0; i < loops; i++) {
                inOff.add(parse(check(off.run(Command.of("./loop"))).stdout()));
                inOn.add(parse(check(on.run(Command.of("./loop"))).stdout()));
                bareOff.add(parse(check(run(bubblewrap(bareLoop, null))).stdout()));
                bareOn.add(parse(check(run(bubblewrap(bareLoop, program))).stdout()));
            }
            System.out.println("== syscall loop, median of " + loops + " runs (stat and open+close: ns per call; fork+exec+wait: us)");
            loopReport("command in a sandbox, without the filter", inOff, null);
            loopReport("command in a sandbox, with the filter", inOn, inOff);
            loopReport("bubblewrap's first process, no --seccomp", bareOff, null);
            loopReport("bubblewrap's first process, --seccomp", bareOn, bareOff);
        }
    }

    private static LocalSandboxProvider provider(boolean seccomp, Path dataDir) {
        SandboxProperties props = new SandboxProperties("", 61000, "bwrap", "pasta", SandboxProperties.Egress.NONE,
                Duration.ofMinutes(30), Duration.ofHours(1), 1000, Duration.ofSeconds(60), DataSize.ofMegabytes(1),
                DataSize.ofGigabytes(1), 256, 1.0, DataSize.ofGigabytes(1), Duration.ofSeconds(5), 0,
                new SandboxProperties.Isolation("namespaces", seccomp, "/usr/bin/python3"));
        LocalSandboxProvider provider = new LocalSandboxProvider(props, dataDir, Clock.systemUTC());
        if (!provider.status().available()) {
            throw new IllegalStateException(provider.status().unavailableReason());
        }
        return provider;
    }

    /** The loop as bubblewrap's own program, with the filter on descriptor 4 when a program is given. */
    private static List<String> bubblewrap(Path loop, Path program) {
        List<String> argv = new ArrayList<>();
        if (program != null) {
            argv.addAll(List.of("/bin/sh", "-c", "exec 4<\"$1\"; shift; exec \"$@\"", "sh", program.toString()));
        }
        argv.addAll(List.of("bwrap", "--unshare-all", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
                "--die-with-parent"));
        if (program != null) {
            argv.addAll(List.of("--seccomp", "4"));
        }
        argv.addAll(List.of("--", loop.toString()));
        return argv;
    }

    private static CommandResult run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        return new CommandResult(p.waitFor(), out, err, false, false);
    }

    private static CommandResult check(CommandResult r) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException("exit " + r.exitCode() + ": " + r.stderr());
        }
        return r;
    }

    private static double[] parse(String line) {
        String[] f = line.trim().split(" ");
        return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[3]), Double.parseDouble(f[5])};
    }

    private static void loopReport(String what, List<double[]> runs, List<double[]> baseline) {
        StringBuilder line = new StringBuilder(String.format("%-44s", what));
        String[] names = {"stat", "open+close", "fork+exec"};
        for (int k = 0; k < 3; k++) {
            double median = median(runs, k);
            line.append(String.format("  %s %8.1f", names[k], median));
            if (baseline != null) {
                line.append(String.format(" (%.3fx)", median / median(baseline, k)));
            }
        }
        System.out.println(line);
    }

    private static double median(List<double[]> runs, int k) {
        double[] v = runs.stream().mapToDouble(r -> r[k]).sorted().toArray();
        return v[v.length / 2];
    }

    private static void report(String what, long[] nanos, long[] baseline) {
        long p50 = percentile(nanos, 50);
        long p99 = percentile(nanos, 99);
        String ratio = baseline == null ? "" : String.format("   (p50 %.2fx, p99 %.2fx without the filter)",
                p50 / (double) percentile(baseline, 50), p99 / (double) percentile(baseline, 99));
        System.out.printf("%-44s p50 %6.1f ms   p99 %6.1f ms%s%n", what, p50 / 1e6, p99 / 1e6, ratio);
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
