package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.egress.RegistryProxyCredentials;
import io.codingit.sandbox.egress.SandboxEgressProxy;
import io.codingit.sandbox.egress.SandboxEnvironment;
import io.codingit.sandbox.spi.SandboxProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * {@code codingit.sandbox.provider: kubernetes}: sandboxes as pods. The client configures itself the standard way
 * (in a cluster: the pod's service account; outside: {@code KUBECONFIG} or {@code ~/.kube/config}). A wrong
 * setting stops the start with a message naming the key.
 */
@Configuration
@ConditionalOnProperty(name = "codingit.sandbox.provider", havingValue = "kubernetes")
class KubernetesSandboxConfiguration {
    private static final Logger log = LoggerFactory.getLogger(KubernetesSandboxConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().build();
    }

    @Bean(destroyMethod = "close")
    SandboxProvider kubernetesSandboxProvider(KubernetesClient client, KubernetesSandboxProperties properties,
                                              SandboxProperties sandbox, RegistryEgressProperties registries,
                                              ObjectProvider<SandboxEgressProxy> egressProxy,
                                              ObjectProvider<RegistryProxyCredentials> credentials) {
        KubernetesSettings settings = KubernetesSettings.of(properties, sandbox, client.getNamespace());
        // pods reach the proxy only when this server runs it and listens on TCP for them
        SandboxEgressProxy proxy = egressProxy.getIfAvailable();
        if (!registries.caCertificates().isEmpty()) {
            // pods get neither the bundle nor the variables naming it (a variable naming a missing file breaks pip)
            log.warn("codingit.sandbox.registries.ca-certificates is not applied to Kubernetes sandboxes: add the CA to "
                    + "the sandbox image's trust store (docs/deploy.md)");
        }
        PodEnvironment environment = new PodEnvironment(new SandboxEnvironment(sandbox.egress(), registries),
                settings.egressProxyAddress(), proxy != null && proxy.tcpPort() > 0 ? credentials.getIfAvailable() : null);
        return new KubernetesSandboxProvider(client, settings, environment, Clock.systemUTC());
    }
}
