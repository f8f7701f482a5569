package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.spi.ProviderStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider's check at start: whether the workload kind can be used in the namespace (the cluster answers, the
 * server may use it, the agent-sandbox resource exists), with the shared NetworkPolicy put in place; its status
 * details describe the configuration.
 */
final class ClusterCheck {
    private static final Logger log = LoggerFactory.getLogger(ClusterCheck.class);

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final PodEnvironment environment;
    private final Workloads<? extends HasMetadata> workloads;
    private final SandboxObjects objects;

    ClusterCheck(KubernetesClient client, KubernetesSettings settings, PodEnvironment environment,
                 Workloads<? extends HasMetadata> workloads, SandboxObjects objects) {
        this.client = client;
        this.settings = settings;
        this.environment = environment;
        this.workloads = workloads;
        this.objects = objects;
    }

    /** Puts the shared NetworkPolicy in place and checks that the workload kind can be used here. */
    ProviderStatus run() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", "kubernetes");
        details.put("mode", settings.mode().name().toLowerCase().replace('_', '-'));
        details.put("namespace", settings.namespace());
        details.put("image", settings.image());
        details.put("runtimeClassName", settings.runtimeClassName().isBlank() ? "(cluster default)" : settings.runtimeClassName());
        if (!settings.templateRuntimeClasses().isEmpty()) {
            Map<String, String> perTemplate = new java.util.TreeMap<>();
            settings.templateRuntimeClasses().forEach((template, name) ->
                    perTemplate.put(template, name.isBlank() ? "(cluster default)" : name));
            details.put("templateRuntimeClassNames", perTemplate);
        }
        details.put("network", environment.describe());
        details.put("warmPool", settings.warmPool());
        String reason = workloads.unavailableReason();
        if (reason == null) {
            try {
                client.network().v1().networkPolicies().inNamespace(settings.namespace())
                        .resource(objects.networkPolicy()).createOr(op -> op.update());
            } catch (KubernetesClientException e) {
                reason = "could not put the sandboxes' NetworkPolicy in place: " + workloads.describe(e);
            }
        }
        if (reason != null) {
            log.warn("Kubernetes sandboxes are unavailable: {}", reason);
        }
        return new ProviderStatus(reason == null, reason, List.of(), details);
    }
}
