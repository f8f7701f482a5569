package io.codingit.sandbox.kubernetes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * {@code codingit.sandbox.kubernetes.*}: the Kubernetes provider (used when {@code codingit.sandbox.provider} is
 * {@code kubernetes}). {@link KubernetesSettings} checks every value at start; docs/configuration.md lists them.
 *
 * @param mode             {@code pod}: each sandbox is a Pod; {@code agent-sandbox}: a kubernetes-sigs/agent-sandbox
 *                         {@code Sandbox} resource, whose controller makes the Pod
 * @param namespace        where sandboxes live; empty: the client's namespace (in a cluster, the server's own)
 * @param image            the sandbox image, whose entry point is the agent (deploy/sandbox/Dockerfile)
 * @param imagePullPolicy  {@code Always}, {@code IfNotPresent} or {@code Never}
 * @param runtimeClassName the RuntimeClass of sandbox pods ({@code gvisor}, {@code kata}...); empty: the cluster's default
 * @param agentPort        the TCP port the agent listens on inside the pod
 * @param requests         resource requests ({@code cpu}, {@code memory}, {@code ephemeral-storage})
 * @param limits           resource limits; {@code cpu} and {@code memory} default to {@code codingit.sandbox.cpus}
 *                         and {@code codingit.sandbox.memory}
 * @param labels           extra labels on every sandbox object (never the provider's own {@code codingit.io/} keys)
 * @param serverLabels     labels of the server pods: the only pods the NetworkPolicy lets reach an agent
 * @param serverNamespace  the servers' namespace when it is not the sandboxes' own; empty: the same namespace
 * @param warmPool         ready sandboxes kept per template once the template has been used; 0 disables
 * @param startupTimeout   how long a new sandbox may take to become ready
 * @param sandboxApiVersion the agent-sandbox API version of the {@code Sandbox} resource
 * @param egressProxyAddress {@code HOST:PORT} where pods reach the servers' registry proxy (the servers' Service and
 *                         the port of {@code codingit.sandbox.registries.tcp-listen}), for {@code egress: registries};
 *                         empty: pods get no egress under {@code registries}
 */
@ConfigurationProperties("codingit.sandbox.kubernetes")
public record KubernetesSandboxProperties(
        @DefaultValue("pod") Mode mode,
        @DefaultValue("") String namespace,
        @DefaultValue("") String image,
        @DefaultValue("IfNotPresent") String imagePullPolicy,
        @DefaultValue("") String runtimeClassName,
        @DefaultValue("49983") int agentPort,
        Map<String, String> requests,
        Map<String, String> limits,
        Map<String, String> labels,
        Map<String, String> serverLabels,
        @DefaultValue("") String serverNamespace,
        @DefaultValue("2") int warmPool,
        @DefaultValue("120s") Duration startupTimeout,
        @DefaultValue("agents.x-k8s.io/v1alpha1") String sandboxApiVersion,
        @DefaultValue("") String egressProxyAddress) {

    public enum Mode { POD, AGENT_SANDBOX }

    public KubernetesSandboxProperties {
        requests = requests == null || requests.isEmpty() ? Map.of("cpu", "250m", "memory", "256Mi") : Map.copyOf(requests);
        limits = limits == null ? Map.of() : Map.copyOf(limits);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        serverLabels = serverLabels == null || serverLabels.isEmpty()
                ? Map.of("app.kubernetes.io/name", "codingit-server") : Map.copyOf(serverLabels);
    }
}
