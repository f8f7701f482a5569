package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties.Egress;
import io.codingit.sandbox.agent.AgentCallException;
import io.codingit.sandbox.agent.AgentClient;
import io.codingit.sandbox.agent.AgentEndpoint;
import io.codingit.sandbox.agent.AgentSandboxFiles;
import io.codingit.sandbox.agent.AgentSecret;
import io.codingit.sandbox.agent.AgentTransport;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxProcess;
import io.codingit.sandbox.spi.SandboxSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox agent as a service: its authentication, who can reach it, its cost, and the remote (TCP) path. */
class SandboxAgentTest {
    private static final SandboxSpec SPEC = new SandboxSpec("u1", "code-interpreter-v1", Duration.ofMinutes(1));

    @Test
    void forgedAndReplayedCallsAreRefused() throws Exception {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"),
                LocalSandboxes.newDataDir()); AgentTransport transport = new AgentTransport()) {
            LocalSandbox sandbox = (LocalSandbox) provider.create(SPEC);
            Path socket = sandbox.directory().resolve("agent").resolve("agent.sock");
            AgentSecret secret = AgentFiles.existing(sandbox.directory()).secret();

            AgentClient forged = new AgentClient(new AgentEndpoint.Unix(socket), AgentSecret.generate(), transport,
                    () -> new SandboxGoneException(sandbox.id()));
            assertThatThrownBy(forged::health).isInstanceOf(AgentCallException.class)
                    .satisfies(e -> assertThat(((AgentCallException) e).status()).isEqualTo(401));

            String timestamp = Long.toString(Instant.now().getEpochSecond());
            String nonce = "replayed-nonce-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
            List<String> signed = List.of("-H", "X-Codingit-Timestamp: " + timestamp, "-H", "X-Codingit-Nonce: " + nonce,
                    "-H", "Authorization: CodingIT-HMAC-SHA256 " + secret.sign("GET", "/v1/health", timestamp, nonce));
            assertThat(curl(socket, "/v1/health", signed)).as("the original call").isEqualTo("200");
            assertThat(curl(socket, "/v1/health", signed)).as("the same call replayed").isEqualTo("401");
            assertThat(curl(socket, "/v1/health", List.of())).as("no signature").isEqualTo("401");
            String old = Long.toString(Instant.now().minusSeconds(300).getEpochSecond());
            assertThat(curl(socket, "/v1/health", List.of("-H", "X-Codingit-Timestamp: " + old, "-H",
                    "X-Codingit-Nonce: " + nonce + "x", "-H", "Authorization: CodingIT-HMAC-SHA256 "
                            + secret.sign("GET", "/v1/health", old, nonce + "x")))).as("outside the replay window").isEqualTo("401");
            assertThat(sandbox.run(Command.of("true")).exitCode()).as("the server's own calls still work").isZero();
        }
    }

    /**
     * Connections to a port go over the agent's relay channels one after another (docs/sandbox-protocol.md, "Ports"):
     * each gets its own bytes whole, and one ended early by the server leaves nothing of its own for the next.
     */
    @Test
    void connectionsToAPortGetOnlyTheirOwnBytesOneAfterAnother() throws Exception {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"),
                LocalSandboxes.newDataDir())) {
            Sandbox sandbox = provider.create(SPEC);
            // every connection is greeted with its number and 256 KB, then closed by the app
            sandbox.start(Command.of("python3", "-c", """
                    import socket
                    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    s.bind(("127.0.0.1", 9100)); s.listen(16); n = 0
                    while True:
                        c, _ = s.accept(); n += 1
                        try:
                            c.sendall(b"conn-%d;" % n + b"x" * 262144)
                        except OSError:
                            pass
                        c.close()
                    """));
            Received first = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (first == null || first.bytes().isEmpty()) {
                assertThat(System.nanoTime()).as("the app listens within 30 s").isLessThan(deadline);
                first = Received.whole(sandbox, 9100);
                if (first.bytes().isEmpty()) {
                    Thread.sleep(100); // the next try, while the app starts
                }
            }
            int number = first.number();
            for (int i = 1; i <= 10; i++) {
                Received next = Received.whole(sandbox, 9100);
                assertThat(next.number()).as("connection %d", i).isEqualTo(number + i);
                assertThat(next.bytes()).as("connection %d is whole and only its own", i)
                        .hasSize(("conn-" + (number + i) + ";").length() + 262144);
            }
            // ended by the server after its first bytes, while the app still sends
            Received early = new Received();
            io.codingit.sandbox.spi.PortConnection cut = sandbox.connect(9100, early);
            early.awaitAny();
            cut.close();
            Received after = Received.whole(sandbox, 9100);
            assertThat(after.number()).isEqualTo(number + 12);
            assertThat(after.bytes()).hasSize(("conn-" + (number + 12) + ";").length() + 262144);
        }
    }

    /** What one connection to a port received, until it closed. */
    private static final class Received implements io.codingit.sandbox.spi.PortConnection.Receiver {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch any = new java.util.concurrent.CountDownLatch(1);

        private volatile io.codingit.sandbox.spi.PortConnection connection;
        private volatile boolean appEnded;

        /** A whole connection: when the app has ended its side, this side ends too (as the preview's relay does). */
        static Received whole(Sandbox sandbox, int port) throws InterruptedException {
            Received received = new Received();
            received.connection = sandbox.connect(port, received);
            if (received.appEnded) {
                received.connection.endOfInput();
            }
            assertThat(received.closed.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the connection ended").isTrue();
            return received;
        }

        void awaitAny() throws InterruptedException {
            assertThat(any.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the app's first bytes").isTrue();
        }

        synchronized String bytes() {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        int number() {
            String text = bytes();
            assertThat(text).startsWith("conn-");
            return Integer.parseInt(text.substring(5, text.indexOf(';')));
        }

        @Override
        public synchronized void data(java.nio.ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            bytes.write(copy, 0, copy.length);
            any.countDown();
        }

        @Override
        public void endOfData() {
            appEnded = true;
            io.codingit.sandbox.spi.PortConnection c = connection;
            if (c != null) {
                c.endOfInput();
            }
        }

        @Override
        public void closed() {
            closed.countDown();
        }
    }

    private static String curl(Path socket, String target, List<String> headers) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket",
                socket.toString()));
        argv.addAll(headers);
        argv.add("http://agent" + target);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    @Test
    void sandboxCodeCanReachNeitherAnotherSandboxsAgentNorItsOwnAgentsSecret() throws Exception {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"),
                LocalSandboxes.newDataDir())) {
            LocalSandbox a = (LocalSandbox) provider.create(SPEC);
            LocalSandbox b = (LocalSandbox) provider.create(SPEC);
            String secretOfA = AgentFiles.existing(a.directory()).secret().hex();
            Path socketOfA = a.directory().resolve("agent").resolve("agent.sock");
            String connect = "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ntry:\n s.connect(sys.argv[1]); print('connected')\n"
                    + "except OSError as e: print(type(e).__name__)";
            assertThat(b.run(Command.of("python3", "-c", connect, socketOfA.toString())).stdout().strip())
                    .as("A's socket seen from B").isEqualTo("FileNotFoundError");
            assertThat(b.run(Command.of("sh", "-c", "ls " + a.directory() + " 2>&1; ls /run/codingit")).stdout())
                    .as("B sees only its own socket").doesNotContain("agent.secret").contains("agent.sock");
            // inside A: the secret is nowhere sandbox code can read (environment, arguments, files, the agent's memory).
            // The pattern is built from two halves, so no command line of the search itself contains it
            String half = secretOfA.substring(0, 32);
            String hunt = "a=" + half + "; b=" + secretOfA.substring(32) + "; grep -rlsF -f <(printf '%s%s\\n' \"$a\" \"$b\") "
                    + "/proc/[0-9]*/environ /proc/[0-9]*/cmdline /run /tmp /home/user /etc; true";
            assertThat(a.run(Command.of("bash", "-c", hunt)).stdout()).as("files holding A's secret").isEmpty();
            assertThat(a.run(Command.of("sh", "-c", "cat /proc/2/environ /proc/1/fd/0 >/dev/null; ls /proc/2/fd")).stderr())
                    .contains("/proc/2/environ: Permission denied", "/proc/1/fd/0: Permission denied",
                            "cannot open directory '/proc/2/fd': Permission denied");
        }
    }

    @Test
    void anIdleAgentWithItsReadyShimAddsAtMost15MiB() throws Exception {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"),
                LocalSandboxes.newDataDir())) {
            LocalSandbox sandbox = (LocalSandbox) provider.create(SPEC);
            sandbox.run(Command.of("true"));
            ProcessHandle agent = ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().map(c -> c.endsWith("codingit-agent")).orElse(false))
                    .filter(p -> p.info().arguments().map(args -> args.length == 0 || !args[0].startsWith("__")).orElse(true))
                    .filter(p -> p.parent().flatMap(ProcessHandle::parent).flatMap(bwrap -> bwrap.info().arguments())
                            .map(args -> String.join(" ", args).contains(sandbox.directory().toString())).orElse(false))
                    .findFirst().orElseThrow();
            // the shim the agent keeps started for the next command (docs/sandbox.md), prepared after `true` took the first
            ProcessHandle shim = null;
            for (Instant deadline = Instant.now().plusSeconds(10); shim == null && Instant.now().isBefore(deadline); Thread.sleep(10)) {
                shim = agent.children().filter(p -> p.info().arguments().map(args -> args.length > 0 && args[0].equals("__ready"))
                        .orElse(false)).findFirst().orElse(null);
            }
            assertThat(shim).as("the agent's ready shim").isNotNull();
            long agentKiB = rssKiB(agent.pid());
            long shimKiB = rssKiB(shim.pid());
            assertThat(agentKiB).as("agent RSS in KiB").isPositive();
            // VmRSS counts the binary's pages in both, although they share them: the sum is an upper bound
            assertThat(agentKiB + shimKiB).as("agent (%d KiB) + ready shim (%d KiB) RSS in KiB", agentKiB, shimKiB)
                    .isPositive().isLessThanOrEqualTo(15 * 1024);
        }
    }

    private static long rssKiB(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }

    @Test
    void theAgentIsReachedOverTcpAcrossANetworkNamespaceAndNothingElseReachesIt() throws Exception {
        LocalSandboxes.assumeSandboxHost();
        int n = ThreadLocalRandom.current().nextInt(1, 250);
        String ns = "cgit-agent-" + n;
        String hostSide = "cga" + n + "h";
        String podSide = "cga" + n + "p";
        String hostIp = "10.231." + n + ".1";
        String podIp = "10.231." + n + ".2";
        Path dir = Files.createTempDirectory("codingit-agent-netns-");
        Path binary = dir.resolve("codingit-agent");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path secretFile = dir.resolve("secret");
        Process agent = null;
        try (AgentTransport transport = new AgentTransport();
             LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"),
                     LocalSandboxes.newDataDir())) {
            assertThat(AgentBinary.install(binary)).isNull();
            sh("ip netns add " + ns);
            sh("ip link add " + hostSide + " type veth peer name " + podSide);
            sh("ip link set " + podSide + " netns " + ns);
            sh("ip addr add " + hostIp + "/30 dev " + hostSide + " && ip link set " + hostSide + " up");
            sh("ip netns exec " + ns + " sh -c 'ip addr add " + podIp + "/30 dev " + podSide + " && ip link set " + podSide
                    + " up && ip link set lo up'");
            sh("chown 61000:61000 " + home + " && chmod 755 " + dir);
            AgentSecret secret = AgentSecret.generate();
            Files.writeString(secretFile, secret.hex() + "\n");
            // the stand-in for a pod: the agent as the pod's entry point, an unprivileged uid, in its own network namespace
            agent = new ProcessBuilder("ip", "netns", "exec", ns, "setpriv", "--reuid", "61000", "--regid", "61000",
                    "--clear-groups", "--inh-caps=-all", binary.toString(), "--listen", "tcp:" + podIp + ":49983",
                    "--root", home.toString(), "--env", "HOME=" + home)
                    .redirectInput(secretFile.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile()).start();
            AgentClient client = new AgentClient(new AgentEndpoint.Tcp(podIp, 49983), secret, transport,
                    () -> new SandboxGoneException("netns"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!client.answers() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.run(Command.of("id", "-u"), Duration.ofSeconds(10), 1 << 20).stdout()).isEqualTo("61000\n");
            AgentSandboxFiles files = new AgentSandboxFiles(client);
            try (SandboxProcess cat = client.start(Command.of("cat"))) {
                cat.stdin().write("over tcp\n".getBytes(StandardCharsets.UTF_8));
                cat.stdin().close();
                assertThat(new String(cat.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("over tcp\n");
                assertThat(cat.waitFor(Duration.ofSeconds(10))).hasValue(0);
            }
            AgentClient forged = new AgentClient(new AgentEndpoint.Tcp(podIp, 49983), AgentSecret.generate(), transport,
                    () -> new SandboxGoneException("netns"));
            assertThatThrownBy(forged::health).isInstanceOf(AgentCallException.class)
                    .satisfies(e -> assertThat(((AgentCallException) e).status()).isEqualTo(401));

            Sandbox other = provider.create(SPEC);
            String probe = "(echo hi > /dev/tcp/" + podIp + "/49983) 2>/dev/null && echo open || echo closed";
            assertThat(other.run(Command.of("bash", "-c", probe)).stdout()).as("a sandbox reaching the pod's agent")
                    .isEqualTo("closed\n");
        } finally {
            if (agent != null) {
                agent.descendants().forEach(ProcessHandle::destroyForcibly);
                agent.destroyForcibly();
                agent.waitFor();
            }
            sh("ip link del " + hostSide + " 2>/dev/null; ip netns del " + ns + " 2>/dev/null; true");
            HomeLayer.deleteTree(dir);
        }
    }

    private static void sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + ": " + out);
        }
    }
}
