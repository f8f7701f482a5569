import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interpreter burst (issue 15): USERS users each create PER_USER code-interpreter-v1 sandboxes at once, each with
 * the first cell {@code 1+1}, through {@code POST /api/sandbox} of a running server. Prints p50/p95/max of the whole
 * request, per burst. Usage: java BurstBench.java <baseUrl> <label> <users> <perUser> <bursts> <settleSeconds>
 */
public class BurstBench {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Pattern TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern SBX = Pattern.compile("\"sbxId\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String label = args[1];
        int users = Integer.parseInt(args[2]);
        int perUser = Integer.parseInt(args[3]);
        int bursts = Integer.parseInt(args[4]);
        int settle = Integer.parseInt(args[5]);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            tokens.add(signUp(base));
        }
        // The template's first use prepares it and starts its warm pool; not part of any burst.
        String first = create(base, tokens.get(0));
        delete(base, tokens.get(0), first);
        Thread.sleep(20_000L); // the pool's first refill: its base size (2)
        for (int b = 1; b <= bursts; b++) {
            double[] times = burst(base, tokens, perUser, label, b);
            report(label, b, times, users * perUser);
            if (b < bursts) {
                Thread.sleep(settle * 1000L); // the pool refills between bursts, as it would between users' bursts
            }
        }
    }

    static double[] burst(String base, List<String> tokens, int perUser, String label, int b) throws Exception {
        int n = tokens.size() * perUser;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object[]>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                String token = tokens.get(i % tokens.size());
                results.add(pool.submit(() -> {
                    go.await();
                    long t0 = System.nanoTime();
                    try {
                        String id = create(base, token);
                        return new Object[] {(System.nanoTime() - t0) / 1e6, id, token};
                    } catch (RuntimeException e) {
                        // counted and reported, not hidden: on a very loaded machine agents can miss their start timeout
                        return new Object[] {(System.nanoTime() - t0) / 1e6, null, token, e.getMessage()};
                    }
                }));
            }
            go.countDown();
            List<Double> ok = new ArrayList<>();
            List<Object[]> done = new ArrayList<>();
            int failed = 0;
            String firstFailure = null;
            for (int i = 0; i < n; i++) {
                Object[] r = results.get(i).get();
                if (r[1] == null) {
                    failed++;
                    firstFailure = firstFailure == null ? (String) r[3] : firstFailure;
                    continue;
                }
                ok.add((double) r[0]);
                done.add(r);
            }
            if (failed > 0) {
                String reason = String.valueOf(firstFailure);
                System.out.printf("BURST %s burst %d: %d of %d failed, e.g. %s%n", label, b, failed, n,
                        reason.length() > 300 ? reason.substring(0, 300) : reason);
            }
            double[] times = ok.stream().mapToDouble(Double::doubleValue).toArray();
            List<Future<?>> deletes = new ArrayList<>();
            for (Object[] r : done) {
                deletes.add(pool.submit(() -> {
                    delete(base, (String) r[2], (String) r[1]);
                    return null;
                }));
            }
            for (Future<?> d : deletes) {
                d.get();
            }
            return times;
        }
    }

    static void report(String label, int b, double[] times, int n) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            System.out.printf("BURST %s burst %d: none of %d succeeded%n", label, b, n);
            return;
        }
        System.out.printf("BURST %s burst %d: %d concurrent create+1+1, %d answered 200 with result 2: p50 %.2f s, p95 %.2f s, max %.2f s%n",
                label, b, n, sorted.length, pct(sorted, 50) / 1000, pct(sorted, 95) / 1000, sorted[sorted.length - 1] / 1000);
    }

    static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String create(String base, String token) throws Exception {
        String body = "{\"fragment\":{\"template\":\"code-interpreter-v1\",\"code\":\"1+1\"}}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/sandbox"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = SBX.matcher(r.body());
        if (r.statusCode() != 200 || !m.find() || !r.body().contains("\"text\":\"2\"")) {
            throw new IllegalStateException("create: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    static void delete(String base, String token, String id) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/sandbox/" + id))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(1)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("delete " + id + ": " + r.statusCode() + " " + r.body());
        }
    }

    static String signUp(String base) throws Exception {
        String body = "{\"email\":\"burst-" + UUID.randomUUID() + "@example.test\",\"password\":\"burst-" + UUID.randomUUID() + "\"}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/signup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher t = TOKEN.matcher(r.body());
        if (!t.find()) {
            throw new IllegalStateException("signup: " + r.statusCode() + " " + r.body());
        }
        return t.group(1);
    }
}
