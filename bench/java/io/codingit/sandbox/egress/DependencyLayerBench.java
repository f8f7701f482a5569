package io.codingit.sandbox.egress;

import io.codingit.llm.HostResolver;
import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 16's cached-layer target: creating a sandbox whose fragment's dependencies are already in the
 * dependency-layer cache, plus its first command (the fragment's code, which imports the package), takes at
 * most 1.5× the same with no dependencies. Both go through {@code POST /api/sandbox} of a real server with
 * {@code egress: registries} and real sandboxes, alternating round by round in one run; the registry is
 * {@link LocalRegistries} on loopback (a 5 MB wheel). The first request with the dependencies fills the cache
 * (not timed). The warm pool is off, so both sides create their sandbox. Not part of the suite:
 * {@code ./mvnw -o -Dconsole.skip=true test -Dtest=DependencyLayerBench -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code grep LAYER-BENCH} picks the figures.
 */
@IntegrationTest
class DependencyLayerBench {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 9);
    private static final LocalRegistries REGISTRIES = new LocalRegistries()
            .wheel("bench-layer-probe", "1.0.0", "bench_layer_probe",
                    "WHO = 'from the layer'\n" + "# filler to make the wheel a realistic size\n".repeat(120_000));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void registries(DynamicPropertyRegistry registry) {
        registry.add("codingit.sandbox.egress", () -> "registries");
        registry.add("codingit.sandbox.warm-pool", () -> "0");
        registry.add("codingit.sandbox.registries.hosts", () -> "pypi.test:" + REGISTRIES.pythonPort());
        registry.add("codingit.sandbox.registries.private-hosts", () -> "pypi.test");
        registry.add("codingit.sandbox.registries.python-index-url", () -> "http://pypi.test:" + REGISTRIES.pythonPort() + "/simple");
    }

    @TestConfiguration
    static class TableResolver {
        @Bean
        @Primary
        HostResolver layerBenchResolver() {
            return host -> {
                if (host.equals("pypi.test")) {
                    return List.of(InetAddress.getLoopbackAddress());
                }
                throw new UnknownHostException(host);
            };
        }
    }

    @AfterAll
    static void stopRegistries() {
        REGISTRIES.close();
    }

    @Test
    void createAndFirstCommandWithACachedLayerAgainstNoDependencies() {
        TestApi api = new TestApi(port).as(TestUsers.signUp(new TestApi(port)).accessToken());
        Map<String, Object> plain = Map.of("template", "code-interpreter-v1", "code", "print('plain')");
        Map<String, Object> withLayer = Map.of("template", "code-interpreter-v1",
                "code", "import bench_layer_probe as p\nprint(p.WHO)", "has_additional_dependencies", true,
                "additional_dependencies", List.of("bench-layer-probe"));
        long fill = run(api, withLayer, "from the layer"); // fills the layer cache
        run(api, plain, "plain"); // warm-up of the plain path
        int downloadsAfterFill = REGISTRIES.downloads("bench-layer-probe-1.0.0-py3-none-any.whl");
        List<Long> plainMs = new ArrayList<>();
        List<Long> layerMs = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            if (round % 2 == 0) {
                plainMs.add(run(api, plain, "plain"));
                layerMs.add(run(api, withLayer, "from the layer"));
            } else {
                layerMs.add(run(api, withLayer, "from the layer"));
                plainMs.add(run(api, plain, "plain"));
            }
        }
        int downloads = REGISTRIES.downloads("bench-layer-probe-1.0.0-py3-none-any.whl") - downloadsAfterFill;
        double p = median(plainMs);
        double l = median(layerMs);
        System.out.printf("LAYER-BENCH first install (fills the cache) = %d ms%n", fill);
        System.out.printf("LAYER-BENCH no dependencies (baseline): median %.0f ms, all %s%n", p, plainMs);
        System.out.printf("LAYER-BENCH cached layer:               median %.0f ms, all %s%n", l, layerMs);
        System.out.printf("LAYER-BENCH ratio cached/baseline = %.2f (target <= 1.5); wheel downloads during the rounds = %d%n",
                l / p, downloads);
    }

    /** POST /api/sandbox until its answer (create, dependencies, the code run), then the sandbox is killed. */
    private static long run(TestApi api, Map<String, Object> fragment, String expected) {
        long start = System.nanoTime();
        TestApi.Response r = api.post("/api/sandbox", Map.of("fragment", fragment));
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (r.status() != 200 || !r.body().contains(expected)) {
            throw new IllegalStateException("the run failed: " + r);
        }
        api.delete("/api/sandbox/" + r.json().get("sbxId").asString());
        return ms;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
