package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.support.Prerequisites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Kubernetes sandbox used through its real agent: the mock cluster's kubelet starts the agent binary for each pod at
 * a loopback address of its own with the secret of the pod's Secret, and the provider reaches it over TCP.
 */
class KubernetesAgentTest {
    private MockCluster cluster;

    @BeforeEach
    void startCluster() {
        Prerequisites.require("root".equals(System.getProperty("user.name")), "the pods' agents run as uid 61000 under bubblewrap, which needs root",
                Prerequisites.SANDBOX_PACKAGES + " (as root)");
        Prerequisites.require(new java.io.File("/usr/bin/bwrap").canExecute(), "bubblewrap is not installed",
                Prerequisites.SANDBOX_PACKAGES);
        cluster = new MockCluster(new RealAgents(freePort()));
    }
    private KubernetesSandboxProvider a;
    private KubernetesSandboxProvider b;

    @AfterEach
    void tearDown() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void commandsAndFilesGoThroughThePodsAgentFromEitherServerUntilTheSandboxIsKilled() {
        a = provider();
        b = provider();
        Sandbox created = a.create(new SandboxSpec("user-1", "code-interpreter-v1", Duration.ofMinutes(5)));

        CommandResult result = created.run(Command.of("/bin/sh", "-c", "echo hello from $(id -u)"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("hello from ");

        Sandbox elsewhere = b.find(created.id()).orElseThrow();
        elsewhere.files().write("notes/a.txt", "written through server b".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(created.files().read("notes/a.txt", 1024), StandardCharsets.UTF_8))
                .isEqualTo("written through server b");
        assertThat(elsewhere.run(Command.of("/bin/cat", "notes/a.txt")).stdout()).isEqualTo("written through server b");

        assertThat(a.kill(created.id())).isTrue();
        assertThatThrownBy(() -> elsewhere.run(Command.of("/bin/true"))).isInstanceOf(SandboxGoneException.class);
    }

    private KubernetesSandboxProvider provider() {
        KubernetesSandboxProperties properties = new KubernetesSandboxProperties(KubernetesSandboxProperties.Mode.POD,
                MockCluster.NAMESPACE, "registry.example/codingit-sandbox:1", "IfNotPresent", "", cluster.agentPort(),
                null, null, Map.of(), Map.of(), "", 0, Duration.ofSeconds(20), "agents.x-k8s.io/v1alpha1", "");
        KubernetesSettings settings = KubernetesSettings.of(properties,
                KubernetesSandboxProviderTest.sandboxProperties(SandboxProperties.Egress.NONE), null);
        return new KubernetesSandboxProvider(cluster.client, settings,
                KubernetesSandboxProviderTest.podEnvironment(SandboxProperties.Egress.NONE), Clock.systemUTC());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
