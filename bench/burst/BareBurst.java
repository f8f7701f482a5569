import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** N concurrent bare {@code bwrap --unshare-all --ro-bind / / true}, started from one JVM: the floor of a sandbox start. */
public class BareBurst {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Double>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    long t0 = System.nanoTime();
                    Process p = new ProcessBuilder("bwrap", "--unshare-all", "--ro-bind", "/", "/", "true")
                            .redirectErrorStream(true).start();
                    p.getInputStream().readAllBytes();
                    if (p.waitFor() != 0) {
                        throw new IllegalStateException("bwrap exited with " + p.exitValue());
                    }
                    return (System.nanoTime() - t0) / 1e6;
                }));
            }
            go.countDown();
            double[] times = new double[n];
            for (int i = 0; i < n; i++) {
                times[i] = results.get(i).get();
            }
            Arrays.sort(times);
            System.out.printf("BURST bare bwrap: %d concurrent `bwrap --unshare-all --ro-bind / / true`: p50 %.3f s, p95 %.3f s, max %.3f s%n",
                    n, pct(times, 50) / 1000, pct(times, 95) / 1000, times[n - 1] / 1000);
        }
    }

    static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
