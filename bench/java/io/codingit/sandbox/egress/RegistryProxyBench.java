package io.codingit.sandbox.egress;

import io.codingit.sandbox.RegistryEgressProperties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * pip and npm installs through the registry proxy against the same installs pointed directly at the same
 * local registry, alternating in one run (issue 16: through the proxy ≤ 1.2× direct). The registries are
 * {@link LocalRegistries} on loopback; the proxy is the server's {@link SandboxEgressProxy} on a unix socket,
 * bridged to a loopback port here as the agent bridges it inside a sandbox. Not part of the suite:
 * {@code ./mvnw -o -Dconsole.skip=true test -Dtest=RegistryProxyBench -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code grep REGISTRY-BENCH} picks the figures.
 */
class RegistryProxyBench {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 7);

    @Test
    void installsThroughTheProxyAgainstDirect() throws Exception {
        String payload = "# filler to make the wheel a realistic size\n".repeat(120_000); // ~5 MB
        try (LocalRegistries registries = new LocalRegistries()
                .wheel("bench-probe-a", "1.0.0", "bench_probe_a", "X = 1\n" + payload)
                .wheel("bench-probe-b", "1.0.0", "bench_probe_b", "Y = 2\n" + payload)
                .npmPackage("bench-npm-probe", "1.0.0", "module.exports = 1;\n" + payload)) {
            Path dir = Files.createTempDirectory("registry-bench-");
            Path socket = dir.resolve("egress.sock");
            SandboxEgressProxy proxy = new SandboxEgressProxy(new RegistryEgressProperties(
                    List.of("127.0.0.1:" + registries.pythonPort(), "127.0.0.1:" + registries.npmPort()), List.of("127.0.0.1"),
                    "http://127.0.0.1:" + registries.pythonPort() + "/simple", "http://127.0.0.1:" + registries.npmPort() + "/",
                    DataSize.ofGigabytes(100), Duration.ofHours(10), Duration.ofSeconds(5), Duration.ofSeconds(60), ""),
                    host -> List.of(InetAddress.getByName(host)), null);
            proxy.open("bench", socket);
            try (ServerSocket bridge = bridge(socket)) {
                String proxyUrl = "http://127.0.0.1:" + bridge.getLocalPort();
                String index = "http://127.0.0.1:" + registries.pythonPort() + "/simple";
                List<String> pip = List.of("/usr/bin/python3", "-m", "pip", "install", "--no-cache-dir", "--disable-pip-version-check",
                        "--index-url", index, "--trusted-host", "127.0.0.1:" + registries.pythonPort(), "bench-probe-a", "bench-probe-b");
                List<String> npm = List.of("npm", "install", "--no-audit", "--no-fund", "--no-package-lock",
                        "--registry", "http://127.0.0.1:" + registries.npmPort() + "/", "bench-npm-probe");
                List<Long> pipDirect = new ArrayList<>();
                List<Long> pipProxied = new ArrayList<>();
                List<Long> npmDirect = new ArrayList<>();
                List<Long> npmProxied = new ArrayList<>();
                for (int round = 0; round < ROUNDS + 1; round++) {
                    long a = time(pip, dir, null, true);
                    long b = time(pip, dir, proxyUrl, true);
                    long c = time(npm, dir, null, false);
                    long d = time(npm, dir, proxyUrl, false);
                    if (round > 0) { // the first round warms the page cache and the JIT
                        pipDirect.add(a);
                        pipProxied.add(b);
                        npmDirect.add(c);
                        npmProxied.add(d);
                    }
                }
                report("pip install (2 wheels, 5 MB each)", pipDirect, pipProxied);
                report("npm install (1 package, 5 MB)", npmDirect, npmProxied);
            } finally {
                proxy.close();
            }
        }
    }

    private static void report(String what, List<Long> direct, List<Long> proxied) {
        long d = median(direct);
        long p = median(proxied);
        System.out.printf("REGISTRY-BENCH %s: direct p50 %d ms, through the proxy p50 %d ms, ratio %.2f (rounds %d)%n",
                what, d, p, (double) p / d, direct.size());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long time(List<String> command, Path dir, String proxy, boolean pip) throws Exception {
        Path target = Files.createTempDirectory(dir, "install-");
        List<String> argv = new ArrayList<>(command);
        if (pip) {
            argv.addAll(4, List.of("--target", target.toString()));
        } else {
            argv.addAll(List.of("--prefix", target.toString(), "--cache", target.resolve("cache").toString()));
        }
        if (proxy != null) {
            argv.addAll(pip ? List.of("--proxy", proxy) : List.of("--proxy", proxy, "--https-proxy", proxy));
        }
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).directory(target.toFile());
        pb.environment().keySet().removeIf(k -> k.toLowerCase().contains("proxy"));
        pb.environment().putAll(Map.of("HOME", target.toString(), "PIP_BREAK_SYSTEM_PACKAGES", "1"));
        long start = System.nanoTime();
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed:\n" + output);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** A loopback port piped to the proxy's unix socket, as the agent does inside a sandbox. */
    private static ServerSocket bridge(Path socket) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    SocketChannel upstream = SocketChannel.open(StandardProtocolFamily.UNIX);
                    upstream.connect(UnixDomainSocketAddress.of(socket));
                    pipe(client.getInputStream(), Channels.newOutputStream(upstream), client, upstream);
                    pipe(Channels.newInputStream(upstream), client.getOutputStream(), client, upstream);
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private static void pipe(InputStream in, OutputStream out, Socket client, SocketChannel upstream) {
        Thread.ofVirtual().start(() -> {
            try (in; out) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the other side closed
            } finally {
                try {
                    client.close();
                    upstream.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        });
    }

}
