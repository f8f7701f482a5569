import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.local.LocalSandboxProvider;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxRecord;
import io.codingit.sandbox.spi.SandboxSpec;
import org.springframework.util.unit.DataSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Pause and resume of a sandbox holding 50 MB of files (50 files of 1 MB of random bytes) against the baseline
 * named in issue 18: a plain {@code tar} of the same files (create, then extract into a fresh directory), measured
 * in the same run, alternating. Pause = save the home + destroy the sandbox; resume = start it again from the saved
 * home + its first command. Run with bench/pause/run.sh (as root, bubblewrap installed).
 */
public class PauseBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        SandboxProperties props = new SandboxProperties("", 61000, "bwrap", "pasta", SandboxProperties.Egress.NONE,
                Duration.ofMinutes(10), Duration.ofHours(1), 1000, Duration.ofSeconds(60), DataSize.ofMegabytes(1),
                DataSize.ofGigabytes(1), 256, 1.0, DataSize.ofGigabytes(1), Duration.ofSeconds(5), 0, SandboxProperties.Isolation.defaults());
        Path dataDir = Files.createTempDirectory("codingit-pause-bench-");
        Path work = Files.createTempDirectory("codingit-pause-bench-tar-");
        try (LocalSandboxProvider provider = new LocalSandboxProvider(props, dataDir, Clock.systemUTC())) {
            if (!provider.status().available()) {
                throw new IllegalStateException(provider.status().unavailableReason());
            }
            SandboxSpec spec = new SandboxSpec("bench", "code-interpreter-v1", Duration.ofMinutes(10));
            Sandbox sandbox = provider.create(spec);
            int made = sandbox.run(new Command(List.of("bash", "-c",
                    "mkdir -p ~/data && for i in $(seq 1 50); do head -c 1048576 /dev/urandom > ~/data/f$i.bin; done"),
                    Sandbox.HOME, java.util.Map.of(), Duration.ofSeconds(60))).exitCode();
            if (made != 0) {
                throw new IllegalStateException("writing the files failed");
            }
            // the baseline's copy of the same files, outside any sandbox
            Path files = work.resolve("files");
            Files.createDirectories(files);
            run("sh", "-c", "head -c 0 /dev/null; for i in $(seq 1 50); do head -c 1048576 /dev/urandom > " + files + "/f$i.bin; done");
            Path saved = dataDir.resolve("saved.tar");
            long[] pause = new long[rounds];
            long[] resume = new long[rounds];
            long[] tarCreate = new long[rounds];
            long[] tarExtract = new long[rounds];
            String id = sandbox.id();
            for (int i = 0; i < rounds + 1; i++) {
                Path tarFile = work.resolve("baseline.tar");
                Path into = work.resolve("extract-" + i);
                Files.createDirectories(into);
                long t0 = System.nanoTime();
                run("tar", "--create", "--file=" + tarFile, "--directory=" + files, ".");
                long t1 = System.nanoTime();
                run("tar", "--extract", "--file=" + tarFile, "--directory=" + into);
                long t2 = System.nanoTime();
                run("rm", "-rf", into.toString(), tarFile.toString());

                SandboxRecord record = new SandboxRecord(id, "bench", "code-interpreter-v1", provider.name(), sandbox.agent(),
                        sandbox.createdAt(), Instant.now().plusSeconds(600));
                Files.deleteIfExists(saved);
                long t3 = System.nanoTime();
                provider.saveHome(record, saved);
                provider.kill(id);
                long t4 = System.nanoTime();
                sandbox = provider.resume(spec, id, saved);
                int exit = sandbox.run(Command.of("true")).exitCode();
                long t5 = System.nanoTime();
                if (exit != 0) {
                    throw new IllegalStateException("true exited " + exit);
                }
                if (i > 0) { // round 0 is a warm-up
                    tarCreate[i - 1] = t1 - t0;
                    tarExtract[i - 1] = t2 - t1;
                    pause[i - 1] = t4 - t3;
                    resume[i - 1] = t5 - t4;
                }
            }
            long size = Files.size(saved);
            String check = sandbox.run(new Command(List.of("bash", "-c", "du -sb ~/data | cut -f1"), Sandbox.HOME,
                    java.util.Map.of(), Duration.ofSeconds(30))).stdout().strip();
            System.out.printf("PAUSE-BENCH saved home %d bytes; home data after the last resume: %s bytes; rounds %d%n",
                    size, check, rounds);
            report("tar create (baseline)", tarCreate, null);
            report("pause: save + destroy", pause, tarCreate);
            report("tar extract (baseline)", tarExtract, null);
            report("resume: start from saved + first command", resume, tarExtract);
            sandbox.kill();
        } finally {
            run("rm", "-rf", work.toString(), dataDir.toString());
        }
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + ": " + out);
        }
    }

    private static void report(String name, long[] nanos, long[] baseline) {
        double p50 = median(nanos) / 1e6;
        String ratio = baseline == null ? "" : String.format("  ratio p50 %.2fx", median(nanos) / median(baseline));
        System.out.printf("PAUSE-BENCH %-44s p50 %8.1f ms  min %8.1f ms%s%n", name, p50,
                Arrays.stream(nanos).min().orElse(0) / 1e6, ratio);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }
}
