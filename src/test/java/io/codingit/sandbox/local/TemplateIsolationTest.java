package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxProperties.Egress;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An isolation level per template ({@code codingit.sandbox.isolation.templates}) on one provider, with real
 * sandboxes: one template at {@code gvisor} while the server's level is {@code namespaces}, and templates asking
 * for a level this host cannot offer (their sandboxes are refused naming why; the others still run).
 */
class TemplateIsolationTest {
    private static final String GVISOR_TEMPLATE = "code-interpreter-v1";
    private static final String OTHER_TEMPLATE = "python-web-v1";

    private static SandboxProperties namespacesWith(Map<String, String> templates, String runsc) {
        return LocalSandboxes.properties(Egress.NONE, "bwrap",
                new SandboxProperties.Isolation("namespaces", true, "/usr/bin/python3", runsc, templates));
    }

    private static SandboxSpec spec(String template) {
        return new SandboxSpec("u1", template, Duration.ofMinutes(1));
    }

    @Test
    void oneTemplateRunsUnderGvisorWhileTheOthersStayAtNamespaces() {
        LocalSandboxes.assumeSandboxHost();
        GvisorSandboxTest.assumeGvisorHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(namespacesWith(Map.of(GVISOR_TEMPLATE, "gvisor"),
                "runsc"), LocalSandboxes.newDataDir())) {
            assertThat(provider.status().available()).isTrue();
            assertThat(provider.status().details()).containsEntry("isolation", "namespaces")
                    .containsEntry("templateIsolation", Map.of(GVISOR_TEMPLATE, "gvisor"))
                    .doesNotContainKey("unavailableLevels");
            // the namespaces level still has its filter
            assertThat(provider.status().details().get("seccomp").toString()).contains("on:");
            assertThat(provider.unavailableReason(GVISOR_TEMPLATE)).isNull();

            String hostRelease = HostCommands.run("uname", "-r").output().strip();
            // the limits use 64 processes: a gVisor sandbox under that host task limit would not even start
            // (its sentry alone has ~70 threads), so it got the gvisor level's own (GvisorCommandLine.hostTasks)
            Sandbox gvisor = provider.create(spec(GVISOR_TEMPLATE));
            Sandbox namespaces = provider.create(spec(OTHER_TEMPLATE));
            String probe = "uname -r; dmesg 2>&1 | head -1; id -un; pwd; python3 -c 'print(1+1)'";
            CommandResult underGvisor = gvisor.run(Command.of("bash", "-c", probe));
            CommandResult underNamespaces = namespaces.run(Command.of("bash", "-c", probe));
            assertThat(underGvisor.stdout().lines().toList()).as(underGvisor.stderr())
                    .containsExactly("4.4.0", underGvisor.stdout().lines().toList().get(1), "user", "/home/user", "2");
            assertThat(underGvisor.stdout()).contains("Starting gVisor");
            assertThat(underNamespaces.stdout().lines().toList()).as(underNamespaces.stderr()).hasSize(5)
                    .startsWith(hostRelease).endsWith("user", "/home/user", "2");
            assertThat(underNamespaces.stdout()).doesNotContain("gVisor");
            // the seccomp filter is on at the namespaces level only (gVisor's sentry filters itself)
            assertThat(namespaces.run(Command.of("grep", "^Seccomp:", "/proc/self/status")).stdout()).contains("2");
            gvisor.kill();
            namespaces.kill();
            assertThat(provider.resourceCounts()).isEqualTo(Map.of("directories", 0, "mounts", 0, "cgroups", 0));
        }
    }

    @Test
    void aTemplateAtGvisorWithoutRunscIsUnavailableNamingThePackageWhileTheOthersRun() {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(namespacesWith(Map.of(GVISOR_TEMPLATE, "gvisor"),
                "/nonexistent/runsc"), LocalSandboxes.newDataDir())) {
            assertThat(provider.status().available()).isTrue();
            assertThat(provider.unavailableReason(GVISOR_TEMPLATE)).contains(GVISOR_TEMPLATE, "gvisor",
                    "codingit.sandbox.isolation.templates." + GVISOR_TEMPLATE, "apt-get install runsc");
            assertThat(provider.status().details().get("unavailableLevels").toString()).contains("gvisor", "runsc");
            assertThatThrownBy(() -> provider.create(spec(GVISOR_TEMPLATE))).isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageContaining("apt-get install runsc");
            assertThat(provider.unavailableReason(OTHER_TEMPLATE)).isNull();
            Sandbox other = provider.create(spec(OTHER_TEMPLATE));
            assertThat(other.run(Command.of("echo", "ok")).stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void anUnknownLevelForATemplateIsNamedWithItsKey() {
        LocalSandboxes.assumeSandboxHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(namespacesWith(Map.of(GVISOR_TEMPLATE, "firecracker"),
                "runsc"), LocalSandboxes.newDataDir())) {
            assertThat(provider.status().available()).isTrue();
            assertThat(provider.unavailableReason(GVISOR_TEMPLATE)).contains("unknown isolation level 'firecracker'",
                    "codingit.sandbox.isolation.templates." + GVISOR_TEMPLATE, "use namespaces or gvisor");
            assertThatThrownBy(() -> provider.create(spec(GVISOR_TEMPLATE))).isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageContaining("firecracker");
            assertThat(provider.unavailableReason(OTHER_TEMPLATE)).isNull();
        }
        // when no level in use can run, nothing can: the server's own level says why, as before
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap",
                new SandboxProperties.Isolation("firecracker", true, "/usr/bin/python3", "runsc",
                        Map.of(GVISOR_TEMPLATE, "kvm"))), LocalSandboxes.newDataDir())) {
            assertThat(provider.status().available()).isFalse();
            assertThat(provider.status().unavailableReason()).contains("unknown isolation level 'firecracker'",
                    "codingit.sandbox.isolation.level");
            assertThat(provider.unavailableReason(GVISOR_TEMPLATE)).contains("firecracker");
        }
    }
}
