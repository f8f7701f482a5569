import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.local.LocalSandboxProvider;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;
import io.codingit.sandbox.spi.SandboxSpec;
import org.springframework.util.unit.DataSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sandbox create + first command ({@code true}) versus a bare {@code bwrap --unshare-all true}, measured
 * in the same run, alternating, both started from this JVM; then memory per idle sandbox.
 * Run with bench/sandbox/run.sh (as root, bubblewrap installed).
 */
public class SandboxBench {
    /** Pause after each kill, in ms: see the round loop. */
    private static final long SETTLE_MS = 250;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        SandboxProperties props = new SandboxProperties("", 61000, "bwrap", "pasta", SandboxProperties.Egress.NONE,
                Duration.ofMinutes(10), Duration.ofHours(1), 1000, Duration.ofSeconds(30), DataSize.ofMegabytes(1),
                DataSize.ofGigabytes(1), 256, 1.0, DataSize.ofGigabytes(1), Duration.ofSeconds(5), 2, SandboxProperties.Isolation.defaults());
        Path dataDir = Files.createTempDirectory("codingit-bench-");
        try (LocalSandboxProvider provider = new LocalSandboxProvider(props, dataDir, Clock.systemUTC())) {
            if (!provider.status().available()) {
                throw new IllegalStateException(provider.status().unavailableReason());
            }
            SandboxSpec spec = new SandboxSpec("bench", "code-interpreter-v1", Duration.ofMinutes(10));
            List<String> bare = List.of("bwrap", "--unshare-all", "--ro-bind", "/", "/", "true");
            for (int i = 0; i < 10; i++) { // warm-up
                runBare(bare);
                provider.create(spec).run(Command.of("true"));
                provider.listAll().forEach(Sandbox::kill);
                Thread.sleep(SETTLE_MS);
            }
            long[] baseline = new long[rounds];
            long[] ours = new long[rounds];
            long[] createOnly = new long[rounds];
            long[] kill = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                runBare(bare);
                long t1 = System.nanoTime();
                Sandbox s = provider.create(spec);
                long t2 = System.nanoTime();
                int exit = s.run(Command.of("true")).exitCode();
                long t3 = System.nanoTime();
                s.kill();
                long t4 = System.nanoTime();
                // the next round starts once the warm pool has refilled and the new sandbox's agent has started
                // (and made its first command's shim ready): that background work would otherwise overlap the next
                // round's bare bwrap as much as its create, and the figure is about a warm pool on an idle machine
                Thread.sleep(SETTLE_MS);
                if (exit != 0) {
                    throw new IllegalStateException("true exited " + exit);
                }
                baseline[i] = t1 - t0;
                ours[i] = t3 - t1;
                createOnly[i] = t2 - t1;
                kill[i] = t4 - t3;
            }
            report("bare bwrap --unshare-all true", baseline, null);
            report("sandbox create + first `true`", ours, baseline);
            report("  of which create", createOnly, null);
            report("sandbox kill (not in the above)", kill, null);

            int idle = 20;
            List<Sandbox> sandboxes = new ArrayList<>();
            List<SandboxProcess> sleepers = new ArrayList<>();
            for (int i = 0; i < idle; i++) {
                sandboxes.add(provider.create(spec));
            }
            long emptyBytes = 0;
            for (Sandbox s : sandboxes) {
                emptyBytes += cgroupMemory(s.id());
            }
            for (Sandbox s : sandboxes) {
                sleepers.add(s.start(Command.of("sleep", "600")));
            }
            Thread.sleep(1000);
            long busyBytes = 0;
            for (Sandbox s : sandboxes) {
                busyBytes += cgroupMemory(s.id());
            }
            System.out.printf("idle sandbox without processes: %.0f KiB each (memory cgroup usage, %d sandboxes)%n",
                    emptyBytes / 1024.0 / idle, idle);
            System.out.printf("idle sandbox with one resident process (bubblewrap + sleep): %.0f KiB each%n",
                    busyBytes / 1024.0 / idle);
            sleepers.forEach(SandboxProcess::destroy);
        }
    }

    private static void runBare(List<String> argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("bare bwrap failed: " + new String(p.getErrorStream().readAllBytes()));
        }
    }

    private static void report(String what, long[] nanos, long[] baseline) {
        long p50 = percentile(nanos, 50);
        long p99 = percentile(nanos, 99);
        String ratio = baseline == null ? "" : String.format("   (p50 %.2fx, p99 %.2fx the baseline)",
                p50 / (double) percentile(baseline, 50), p99 / (double) percentile(baseline, 99));
        System.out.printf("%-34s p50 %6.1f ms   p99 %6.1f ms%s%n", what, p50 / 1e6, p99 / 1e6, ratio);
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long cgroupMemory(String sandboxId) throws Exception {
        try (var found = Files.find(Path.of("/sys/fs/cgroup"), 6, (p, a) -> p.getFileName().toString().equals(sandboxId))) {
            for (Path group : found.toList()) {
                for (String file : List.of("memory.usage_in_bytes", "memory.current")) {
                    if (Files.exists(group.resolve(file))) {
                        return Long.parseLong(Files.readString(group.resolve(file)).trim());
                    }
                }
            }
        }
        return 0;
    }
}
