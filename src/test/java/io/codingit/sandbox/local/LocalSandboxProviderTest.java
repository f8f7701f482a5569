package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxProperties.Egress;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.sandbox.spi.SandboxRecord;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.AgentAddress;
import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.codingit.support.Prerequisites;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider on its own, for what needs a second provider or another configuration than the server's. */
class LocalSandboxProviderTest {
    private static final SandboxSpec SPEC = new SandboxSpec("u1", "code-interpreter-v1", Duration.ofMinutes(1));

    @Test
    void runsACommandAsTheSandboxUserInItsHomeAndKillLeavesNothing() {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"),
                LocalSandboxes.newDataDir())) {
            Sandbox sandbox = provider.create(SPEC);
            SandboxProcess background = sandbox.start(Command.of("sleep", "600"));
            CommandResult r = sandbox.run(Command.of("bash", "-c", "id -un; pwd; echo hi > f; cat f; echo err >&2; exit 3"));
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stdout()).isEqualTo("user\n/home/user\nhi\n");
            assertThat(r.stderr()).isEqualTo("err\n");
            assertThat(provider.leftovers(sandbox.id())).isNotEmpty();
            sandbox.kill();
            assertThat(background.isAlive()).isFalse();
            assertThat(provider.leftovers(sandbox.id())).isEmpty();
            assertThat(provider.resourceCounts()).isEqualTo(Map.of("directories", 0, "mounts", 0, "cgroups", 0));
        }
    }

    /**
     * Two kills of one sandbox at once (a DELETE and the reaper can meet): each returns only when the sandbox is
     * gone, and only one of them reports having removed it. The one that found it already being removed used to
     * return at once, while mounts and the cgroup were still there.
     */
    @Test
    void aKillThatMeetsAnotherReturnsOnlyWhenTheSandboxIsGone() throws Exception {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"),
                LocalSandboxes.newDataDir())) {
            for (int round = 0; round < 3; round++) {
                Sandbox sandbox = provider.create(SPEC);
                sandbox.start(Command.of("sleep", "600"));
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.Callable<List<Object>> kill = () -> {
                    together.await();
                    boolean removed = provider.kill(sandbox.id());
                    return List.of(removed, provider.leftovers(sandbox.id()));
                };
                try (var threads = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                    var first = threads.submit(kill);
                    var second = threads.submit(kill);
                    List<Object> a = first.get();
                    List<Object> b = second.get();
                    assertThat(a.get(1)).as("leftovers when the first kill returned").isEqualTo(List.of());
                    assertThat(b.get(1)).as("leftovers when the second kill returned").isEqualTo(List.of());
                    assertThat(List.of(a.get(0), b.get(0))).containsExactlyInAnyOrder(true, false);
                }
            }
            assertThat(provider.resourceCounts()).isEqualTo(Map.of("directories", 0, "mounts", 0, "cgroups", 0));
        }
    }

    /** What a feature asks the pool to do (the interpreter starts its driver) happens to pooled sandboxes only. */
    @Test
    void theWarmPoolWarmsUpItsSandboxesBeforeHandingThemOut() {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = providerWithAPoolOfOne()) {
            provider.warmUpWith(SPEC.templateId(), sandbox -> sandbox.run(Command.of("sh", "-c", "echo warm > /tmp/warmed")));
            Sandbox cold = provider.create(SPEC);
            awaitOneWaiting(provider);
            Sandbox fromPool = provider.create(SPEC);

            assertThat(fromPool.run(Command.of("cat", "/tmp/warmed")).stdout()).isEqualTo("warm\n");
            assertThat(fromPool.ownerId()).isEqualTo(SPEC.ownerId());
            assertThat(cold.run(Command.of("sh", "-c", "test -e /tmp/warmed && echo yes || echo no")).stdout()).isEqualTo("no\n");
        }
    }

    /** A pooled sandbox that died while it waited (here: its agent killed by its warm-up) is never handed out. */
    @Test
    void aWarmPoolSandboxThatDiedWhileWaitingIsDiscardedNotHandedOut() {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = providerWithAPoolOfOne()) {
            provider.warmUpWith(SPEC.templateId(), sandbox -> sandbox.run(Command.of("sh", "-c", "kill -9 $(pgrep -x codingit-agent)")));
            provider.create(SPEC);
            awaitOneWaiting(provider);

            Sandbox next = provider.create(SPEC);
            assertThat(next.run(Command.of("echo", "alive")).stdout()).isEqualTo("alive\n");
        }
    }

    private static LocalSandboxProvider providerWithAPoolOfOne() {
        SandboxProperties base = LocalSandboxes.properties(Egress.NONE, "bwrap");
        SandboxProperties pooled = new SandboxProperties(base.runtimeDir(), base.uid(), base.bwrapPath(), base.pastaPath(),
                base.egress(), base.defaultTimeout(), base.maxTimeout(), base.maxPerUser(), base.commandTimeout(),
                base.outputLimit(), base.memory(), base.pids(), base.cpus(), base.homeSize(), base.reaperInterval(), 1,
                base.isolation());
        return LocalSandboxes.provider(pooled, LocalSandboxes.newDataDir());
    }

    private static void awaitOneWaiting(LocalSandboxProvider provider) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (provider.warmCount(SPEC.templateId()) < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(provider.warmCount(SPEC.templateId())).isEqualTo(1);
    }

    @Test
    void commandsGetTheirOwnVariablesButNothingOfTheServersEnvironment() {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"),
                LocalSandboxes.newDataDir())) {
            Sandbox sandbox = provider.create(SPEC);
            CommandResult r = sandbox.run(new Command(List.of("/bin/sh", "-c", "env | sort"), "/tmp",
                    Map.of("GREETING", "hello world"), null));
            assertThat(r.stdout()).contains("GREETING=hello world\n", "HOME=/home/user\n", "PWD=/tmp\n")
                    .doesNotContain("JAVA_HOME", "CODINGIT", "MAVEN");
        }
    }

    /** Security finding 2: a command's variables never appear in a host process's arguments (world-readable). */
    @Test
    void environmentValuesNeverReachAHostCommandLine() throws Exception {
        LocalSandboxes.assumeSandboxHost();
        String secret = "sk-never-on-a-command-line-" + java.util.UUID.randomUUID();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"),
                LocalSandboxes.newDataDir())) {
            Sandbox sandbox = provider.create(SPEC);
            SandboxProcess running = sandbox.start(new Command(List.of("sleep", "30"), null, Map.of("API_KEY", secret), null));
            CommandResult seen = sandbox.run(new Command(List.of("/bin/sh", "-c", "printf %s \"$API_KEY|$LD_PRELOAD|$CODINGIT_ENV_API_KEY\""),
                    null, Map.of("API_KEY", secret, "LD_PRELOAD", ""), null));
            assertThat(seen.stdout()).isEqualTo(secret + "||");
            List<String> commandLines = new java.util.ArrayList<>();
            try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
                for (java.nio.file.Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        commandLines.add(new String(java.nio.file.Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' '));
                    } catch (java.io.IOException gone) {
                        // the process ended while we looked
                    }
                }
            }
            assertThat(commandLines).as("every process's arguments on the host").isNotEmpty().noneMatch(c -> c.contains(secret));
            running.destroy();
        }
    }

    /** Finding 2: a sandbox asked to reach one host port (the model relay) reaches that port and no other. */
    @Test
    void aForwardedHostPortIsReachableAndNoOtherHostPortIs() throws Exception {
        LocalSandboxes.assumeSandboxHost();
        Assumptions.assumeTrue(HostCommands.exists("pasta"), "passt is not installed (apt-get install passt)");
        try (java.net.ServerSocket relay = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
             java.net.ServerSocket other = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
             LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.INTERNET, "bwrap"),
                     LocalSandboxes.newDataDir())) {
            Assumptions.assumeTrue(provider.status().available(), "internet egress unavailable: " + provider.status().unavailableReason());
            Sandbox sandbox = provider.create(new SandboxSpec("u1", "code-interpreter-v1", Duration.ofMinutes(1), null,
                    List.of(relay.getLocalPort())));
            String probe = "(echo hi > /dev/tcp/127.0.0.1/%d) 2>/dev/null && echo open || echo closed";
            assertThat(sandbox.run(Command.of("bash", "-c", probe.formatted(relay.getLocalPort()))).stdout()).isEqualTo("open\n");
            assertThat(sandbox.run(Command.of("bash", "-c", probe.formatted(other.getLocalPort()))).stdout()).isEqualTo("closed\n");
            Sandbox plain = provider.create(SPEC);
            assertThat(plain.run(Command.of("bash", "-c", probe.formatted(relay.getLocalPort()))).stdout())
                    .as("only the sandbox that asked gets the forward").isEqualTo("closed\n");
        }
    }

    @Test
    void withoutNetworkLocalhostStillResolvesToTheSandboxsOwnLoopback() {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"),
                LocalSandboxes.newDataDir())) {
            CommandResult r = provider.create(SPEC).run(Command.of("getent", "hosts", "localhost"));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).as("from the sandbox's own /etc/hosts").matches("(127\\.0\\.0\\.1|::1)\\s+localhost.*\\s*");
        }
    }

    @Test
    void aRestartAdoptsTheSandboxesItIsAskedForAndRemovesTheRest() throws Exception {
        LocalSandboxes.assumeSandboxHost();
        Path dataDir = LocalSandboxes.newDataDir();
        var properties = LocalSandboxes.properties(Egress.NONE, "bwrap");
        LocalSandboxProvider stopped = LocalSandboxes.keepingProvider(properties, dataDir);
        Sandbox kept = stopped.create(SPEC);
        Sandbox unregistered = stopped.create(SPEC);
        Sandbox died = stopped.create(SPEC);
        kept.run(Command.of("bash", "-c", "echo before > file"));
        // a background process started through the first server's handle
        kept.start(Command.of("bash", "-c", "while true; do date +%s%N >> ticks; sleep 0.05; done"));
        SandboxRecord keptRecord = record(kept);
        SandboxRecord diedRecord = record(died);
        stopped.close();
        assertThat(stopped.resourceCounts()).as("a stopping server leaves its sandboxes running")
                .isEqualTo(Map.of("directories", 3, "mounts", 6, "cgroups", 3));
        // one of them dies while no server holds it
        long diedPid = Long.parseLong(Files.readString(dataDirOf(stopped, died.id()).resolve("holder.pid")).split(" ")[0]);
        ProcessHandle.of(diedPid).ifPresent(ProcessHandle::destroyForcibly);
        awaitGone(diedPid);

        try (LocalSandboxProvider restarted = LocalSandboxes.provider(properties, dataDir)) {
            assertThat(restarted.runningIds()).containsExactlyInAnyOrder(kept.id(), unregistered.id(), died.id());

            Sandbox adopted = restarted.attach(keptRecord);
            assertThat(restarted.find(kept.id())).contains(adopted);
            assertThat(adopted.run(Command.of("cat", "file")).stdout()).isEqualTo("before\n");
            String ticks = adopted.run(Command.of("wc", "-l", "ticks")).stdout();
            awaitMoreTicks(adopted, ticks);

            assertThatThrownBy(() -> restarted.attach(diedRecord)).isInstanceOf(SandboxGoneException.class)
                    .hasMessageContaining("processes stopped");
            assertThat(restarted.kill(died.id())).isTrue();
            assertThat(restarted.leftovers(died.id())).isEmpty();

            assertThat(restarted.kill(unregistered.id())).as("a sandbox no registry row claims is removed").isTrue();
            assertThat(restarted.leftovers(unregistered.id())).isEmpty();

            adopted.kill();
            assertThat(restarted.leftovers(kept.id())).as("an adopted sandbox is killed like the server's own").isEmpty();
            assertThat(restarted.runningIds()).isEmpty();
            assertThat(restarted.resourceCounts()).isEqualTo(Map.of("directories", 0, "mounts", 0, "cgroups", 0));
        }
    }

    @Test
    void anAgentThatDoesNotAnswerWithTheRegistrysSecretIsNotAdopted() throws Exception {
        LocalSandboxes.assumeSandboxHost();
        Path dataDir = LocalSandboxes.newDataDir();
        var properties = LocalSandboxes.properties(Egress.NONE, "bwrap");
        LocalSandboxProvider stopped = LocalSandboxes.keepingProvider(properties, dataDir);
        Sandbox sandbox = stopped.create(SPEC);
        SandboxRecord real = record(sandbox);
        stopped.close();
        SandboxRecord forged = new SandboxRecord(real.id(), real.ownerId(), real.templateId(), real.provider(),
                new AgentAddress(real.agent().endpoint(), "ab".repeat(32)), real.createdAt(), real.expiresAt());
        try (LocalSandboxProvider restarted = LocalSandboxes.provider(properties, dataDir)) {
            assertThatThrownBy(() -> restarted.attach(forged)).isInstanceOf(SandboxGoneException.class)
                    .hasMessageContaining("did not answer with its registry secret");
            assertThat(restarted.find(real.id())).isEmpty();
            assertThat(restarted.attach(real).run(Command.of("true")).exitCode()).isZero();
        }
        assertThat(stopped.leftovers(real.id())).as("the restarted provider did not keep them on shutdown").isEmpty();
    }

    private static SandboxRecord record(Sandbox sandbox) {
        return new SandboxRecord(sandbox.id(), sandbox.ownerId(), sandbox.templateId(), "local", sandbox.agent(),
                sandbox.createdAt(), sandbox.expiresAt());
    }

    private static Path dataDirOf(LocalSandboxProvider provider, String sandboxId) {
        return Path.of(provider.leftovers(sandboxId).stream().filter(l -> l.startsWith("directory "))
                .findFirst().orElseThrow().substring("directory ".length()));
    }

    private static void awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    /** The background process still runs: its tick file keeps growing (bounded wait). */
    private static void awaitMoreTicks(Sandbox sandbox, String before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String now = before;
        while (now.equals(before) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = sandbox.run(Command.of("wc", "-l", "ticks")).stdout();
        }
        assertThat(now).as("the background command kept running across the restart").isNotEqualTo(before);
    }

    @Test
    void withInternetEgressHostServicesStayUnreachableAndTheNamespaceIsRemoved() throws Exception {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.INTERNET, "bwrap"),
                LocalSandboxes.newDataDir())) {
            Prerequisites.require(provider.status().available(),
                    "internet egress unavailable: " + provider.status().unavailableReason(),
                    Prerequisites.SANDBOX_PACKAGES);
            Sandbox sandbox = provider.create(SPEC);
            StringBuilder script = new StringBuilder("ip -o link | grep -v ' lo:' | wc -l; ");
            for (String host : hostAddresses()) {
                for (int port : List.of(5432, 6379, 2024)) {
                    script.append("timeout 3 bash -c 'echo > /dev/tcp/").append(host).append('/').append(port)
                            .append("' 2>/dev/null && echo CONNECTED ").append(host).append(':').append(port).append("; ");
                }
            }
            CommandResult r = sandbox.run(Command.of("bash", "-c", script + "echo done"));
            assertThat(r.stdout()).isEqualTo("1\ndone\n");
            assertThat(provider.leftovers(sandbox.id())).contains("network namespace codingit-" + sandbox.id());
            sandbox.kill();
            assertThat(provider.leftovers(sandbox.id())).isEmpty();
        }
    }

    @Test
    void withoutBubblewrapTheProviderSaysWhichPackageToInstall() {
        try (LocalSandboxProvider provider = LocalSandboxes.provider(
                LocalSandboxes.properties(Egress.NONE, "/nonexistent/bwrap"), LocalSandboxes.newDataDir())) {
            assertThat(provider.status().available()).isFalse();
            assertThat(provider.status().unavailableReason()).contains("bubblewrap", "apt-get install bubblewrap");
            assertThatThrownBy(() -> provider.create(SPEC)).isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageContaining("bubblewrap");
        }
    }

    static List<String> hostAddresses() throws Exception {
        List<String> hosts = new java.util.ArrayList<>(List.of("127.0.0.1"));
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                    .forEach(a -> hosts.add(a.getHostAddress()));
        }
        return hosts;
    }
}
