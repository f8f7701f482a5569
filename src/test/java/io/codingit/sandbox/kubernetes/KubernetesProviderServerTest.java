package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.IntegrationTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole server with {@code codingit.sandbox.provider: kubernetes} against the mock API server: the provider is
 * the one chosen by configuration, and the server's reaper deletes a sandbox's objects when it expires.
 */
@IntegrationTest
@DirtiesContext // its provider talks to this class's mock cluster, which closes with the class
class KubernetesProviderServerTest {
    private static final MockCluster CLUSTER = new MockCluster();

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("codingit.sandbox.provider", () -> "kubernetes");
        registry.add("codingit.sandbox.reaper-interval", () -> "200ms");
        registry.add("codingit.sandbox.kubernetes.namespace", () -> MockCluster.NAMESPACE);
        registry.add("codingit.sandbox.kubernetes.image", () -> "registry.example/codingit-sandbox:1");
        registry.add("codingit.sandbox.kubernetes.runtime-class-name", () -> "kata");
        registry.add("codingit.sandbox.kubernetes.agent-port", CLUSTER::agentPort);
        registry.add("codingit.sandbox.kubernetes.warm-pool", () -> "0");
    }

    @TestConfiguration
    static class Cluster {
        /** The mock API server's client instead of one configured from a kubeconfig. */
        @Bean(destroyMethod = "")
        @Primary
        KubernetesClient mockClusterClient() {
            return CLUSTER.client;
        }
    }

    @Autowired
    SandboxProvider provider;
    @Autowired
    Sandboxes sandboxes;

    @AfterAll
    static void closeCluster() {
        CLUSTER.close();
    }

    @Test
    void theConfiguredProviderCreatesPodsAndTheReaperDeletesThemOnExpiry() {
        assertThat(provider).isInstanceOf(KubernetesSandboxProvider.class);
        assertThat(sandboxes.status().details()).containsEntry("provider", "kubernetes").containsEntry("runtimeClassName", "kata");

        Sandbox sandbox = sandboxes.create("user-k8s", "code-interpreter-v1", List.of());
        assertThat(CLUSTER.client.pods().withName(sandbox.id()).get().getSpec().getRuntimeClassName()).isEqualTo("kata");
        assertThat(sandboxes.get("user-k8s", sandbox.id()).id()).isEqualTo(sandbox.id());

        sandboxes.setTimeout("user-k8s", sandbox.id(), Duration.ofMillis(300));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        // the reaper deletes the pod, then its Secret: wait for both
        while ((CLUSTER.client.pods().withName(sandbox.id()).get() != null
                || CLUSTER.client.secrets().withName(sandbox.id() + "-agent").get() != null) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(CLUSTER.client.pods().withName(sandbox.id()).get()).as("pod removed by the reaper").isNull();
        assertThat(CLUSTER.client.secrets().withName(sandbox.id() + "-agent").get()).as("its secret too").isNull();
        assertThat(sandboxes.list("user-k8s")).isEmpty();
    }
}
