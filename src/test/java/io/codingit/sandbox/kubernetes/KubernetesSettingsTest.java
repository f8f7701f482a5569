package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.spi.SandboxProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad settings stop the start with a message naming each wrong key; good ones resolve as documented. */
class KubernetesSettingsTest {
    private final MockCluster cluster = new MockCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Configuration
    @EnableConfigurationProperties({SandboxProperties.class, KubernetesSandboxProperties.class, RegistryEgressProperties.class})
    static class Properties {
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, KubernetesSandboxConfiguration.class)
                .withBean(KubernetesClient.class, () -> cluster.client, b -> b.setDestroyMethodName(""))
                .withPropertyValues("codingit.sandbox.provider=kubernetes");
    }

    @Test
    void aMissingImageStopsTheStartNamingTheKey() {
        runner().withPropertyValues("codingit.sandbox.kubernetes.namespace=sandboxes").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("codingit.sandbox.kubernetes.image is required");
        });
    }

    @Test
    void everyWrongValueIsNamedAtOnce() {
        runner().withPropertyValues("codingit.sandbox.kubernetes.namespace=Not_A_Namespace",
                "codingit.sandbox.kubernetes.image=registry.example/sbx:1",
                "codingit.sandbox.kubernetes.runtime-class-name=GVisor!",
                "codingit.sandbox.kubernetes.image-pull-policy=sometimes",
                "codingit.sandbox.kubernetes.agent-port=0",
                "codingit.sandbox.kubernetes.requests.cpu=4",
                "codingit.sandbox.kubernetes.limits.cpu=1",
                "codingit.sandbox.kubernetes.limits.memory=lots",
                "codingit.sandbox.kubernetes.limits.gpu=1",
                "codingit.sandbox.kubernetes.labels[codingit.io/state]=warm",
                "codingit.sandbox.kubernetes.warm-pool=-1",
                "codingit.sandbox.kubernetes.sandbox-api-version=apps/v1",
                "codingit.sandbox.kubernetes.egress-proxy-address=http://codingit-server:3128").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().message().contains(
                    "namespace 'Not_A_Namespace' is not a valid namespace name",
                    "runtime-class-name 'GVisor!' is not a valid RuntimeClass name",
                    "image-pull-policy must be one of",
                    "agent-port must be between 1 and 65535",
                    "requests.cpu (4) is above limits.cpu (1)",
                    "limits.memory 'lots' is not a quantity",
                    "limits.gpu: unknown resource",
                    "'codingit.io/state' is reserved",
                    "warm-pool must be between 0 and 100",
                    "sandbox-api-version must be agents.x-k8s.io/<version>",
                    "egress-proxy-address 'http://codingit-server:3128' must be HOST:PORT");
        });
    }

    @Test
    void anUnknownProviderOrModeIsRefusedByName() {
        runner().withPropertyValues("codingit.sandbox.kubernetes.namespace=sandboxes",
                "codingit.sandbox.kubernetes.image=registry.example/sbx:1",
                "codingit.sandbox.kubernetes.mode=firecracker").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("codingit.sandbox.kubernetes.mode");
        });
    }

    @Test
    void goodSettingsStartTheProviderWithTheClientsNamespaceAndDefaultLimits() {
        runner().withPropertyValues("codingit.sandbox.kubernetes.image=registry.example/sbx:1",
                "codingit.sandbox.memory=512MB", "codingit.sandbox.cpus=0.5").run(context -> {
            assertThat(context).hasNotFailed();
            SandboxProvider provider = context.getBean(SandboxProvider.class);
            assertThat(provider.status().available()).isTrue();
            assertThat(provider.status().details()).containsEntry("namespace", MockCluster.NAMESPACE);
        });
        KubernetesSettings settings = KubernetesSettings.of(new KubernetesSandboxProperties(KubernetesSandboxProperties.Mode.POD,
                "", "img:1", "IfNotPresent", "", 49983, null, null, null, null, "", 2, Duration.ofSeconds(60),
                "agents.x-k8s.io/v1alpha1", ""), KubernetesSandboxProviderTest.sandboxProperties(SandboxProperties.Egress.NONE), "team-a");
        assertThat(settings.namespace()).isEqualTo("team-a");
        assertThat(settings.limits()).containsKeys("cpu", "memory");
        assertThat(settings.serverLabels()).isEqualTo(Map.of("app.kubernetes.io/name", "codingit-server"));
    }

    @Test
    void theGvisorLevelIsTheGvisorRuntimeClassUnlessOneIsNamed() {
        runner().withPropertyValues("codingit.sandbox.kubernetes.image=registry.example/sbx:1",
                "codingit.sandbox.isolation.level=gvisor").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SandboxProvider.class).status().details()).containsEntry("runtimeClassName", "gvisor");
        });
        runner().withPropertyValues("codingit.sandbox.kubernetes.image=registry.example/sbx:1",
                "codingit.sandbox.isolation.level=gvisor", "codingit.sandbox.kubernetes.runtime-class-name=runsc-kvm").run(context ->
                assertThat(context.getBean(SandboxProvider.class).status().details()).containsEntry("runtimeClassName", "runsc-kvm"));
        runner().withPropertyValues("codingit.sandbox.kubernetes.image=registry.example/sbx:1",
                "codingit.sandbox.isolation.level=namespaces").run(context ->
                assertThat(context.getBean(SandboxProvider.class).status().details())
                        .containsEntry("runtimeClassName", "(cluster default)"));
        runner().withPropertyValues("codingit.sandbox.kubernetes.image=registry.example/sbx:1",
                "codingit.sandbox.isolation.level=firecracker").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("unknown isolation level 'firecracker'");
        });
        runner().withPropertyValues("codingit.sandbox.kubernetes.image=registry.example/sbx:1",
                "codingit.sandbox.isolation.templates.code-interpreter-v1=kvm").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining(
                    "codingit.sandbox.isolation.templates.code-interpreter-v1: unknown isolation level 'kvm'");
        });
    }
}
