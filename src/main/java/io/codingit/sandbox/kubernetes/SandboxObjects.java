package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.SandboxProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the objects of one sandbox: its Secret (the agent's key), its Pod (or the agent-sandbox {@code Sandbox}
 * resource that makes the Pod), and the one NetworkPolicy every sandbox pod shares.
 *
 * <p>How the agent gets its secret: the Secret is mounted only into an init container, which copies it into a
 * memory-backed {@code emptyDir}; the image's entry point opens that copy as descriptor 3, deletes the file and
 * starts the agent with {@code --secret-fd 3}. So the key is never in the pod spec, an environment variable or a
 * file that sandbox code can open once the agent runs (docs/deploy.md, "The agent's secret").
 */
final class SandboxObjects {
    static final String NETWORK_POLICY = "codingit-sandboxes";
    static final String CONTAINER = "sandbox";
    static final String SANDBOX_KIND = "Sandbox";
    /** The sandbox user of the image (uid and gid), as in the local provider. */
    static final long SANDBOX_UID = 1000;
    /** Where the init container leaves the secret's copy for the entry point (deploy/sandbox/entrypoint.sh). */
    static final String RUN_DIR = "/run/codingit";
    private static final String SECRET_MOUNT = "/var/run/codingit-secret";
    /** Private ranges, link-local and the cluster's own: refused with {@code egress: internet}. */
    private static final List<String> PRIVATE_V4 = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8");
    private static final List<String> PRIVATE_V6 = List.of("fc00::/7", "fe80::/10", "::1/128");

    private final KubernetesSettings settings;
    private final KubernetesSerialization serialization;
    private final PodEnvironment environment;

    SandboxObjects(KubernetesSettings settings, KubernetesSerialization serialization, PodEnvironment environment) {
        this.settings = settings;
        this.serialization = serialization;
        this.environment = environment;
    }

    /**
     * The {@code Sandbox} kind, named outright so that no API discovery is needed (discovery would also need the
     * CRD to be readable cluster-wide).
     */
    static ResourceDefinitionContext sandboxDefinition(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder().withGroup(apiVersion.substring(0, slash))
                .withVersion(apiVersion.substring(slash + 1)).withKind(SANDBOX_KIND).withPlural("sandboxes")
                .withNamespaced(true).build();
    }

    /** The labels every sandbox object carries from its creation on (the NetworkPolicy selects the first two). */
    Map<String, String> stableLabels(String sandboxId, String templateId) {
        Map<String, String> labels = new LinkedHashMap<>(settings.labels());
        labels.put(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER);
        labels.put(SandboxLabels.ROLE, SandboxLabels.ROLE_SANDBOX);
        labels.put(SandboxLabels.SANDBOX_ID, sandboxId);
        labels.put(SandboxLabels.TEMPLATE, SandboxLabels.templateValue(templateId));
        return labels;
    }

    /** The metadata of a new sandbox object: warm (no owner yet) or claimed by {@code claim}. */
    ObjectMeta metadata(String sandboxId, String templateId, Instant createdAt, Claim claim) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(sandboxId).withNamespace(settings.namespace())
                .withLabels(stableLabels(sandboxId, templateId))
                .addToAnnotations(SandboxLabels.TEMPLATE, templateId)
                .addToAnnotations(SandboxLabels.CREATED_AT, createdAt.toString());
        if (claim == null) {
            meta.addToLabels(SandboxLabels.STATE, SandboxLabels.WARM);
        } else {
            claim.applyTo(meta);
        }
        return meta.build();
    }

    /** An owner and an expiry, written onto a sandbox object when it is created for a user or taken from the pool. */
    record Claim(String ownerId, Instant claimedAt, Instant expiresAt) {
        void applyTo(ObjectMetaBuilder meta) {
            meta.addToLabels(SandboxLabels.STATE, SandboxLabels.CLAIMED)
                    .addToLabels(SandboxLabels.OWNER_HASH, SandboxLabels.ownerHash(ownerId))
                    .addToAnnotations(SandboxLabels.OWNER_ANNOTATION, ownerId)
                    .addToAnnotations(SandboxLabels.CREATED_AT, claimedAt.toString())
                    .addToAnnotations(SandboxLabels.EXPIRES_AT, expiresAt.toString());
        }
    }

    Pod pod(ObjectMeta metadata) {
        return new PodBuilder().withMetadata(metadata).withSpec(podSpec(metadata.getName(),
                metadata.getAnnotations().get(SandboxLabels.TEMPLATE))).build();
    }

    /**
     * An agent-sandbox {@code Sandbox}: the same pod spec as a template, and the expiry as its {@code shutdownTime}
     * with policy {@code Delete}, so the controller removes an expired sandbox even while no server runs.
     */
    GenericKubernetesResource sandboxResource(ObjectMeta metadata, Instant expiresAt) {
        Map<String, Object> podTemplate = new LinkedHashMap<>();
        podTemplate.put("metadata", Map.of("labels", stableLabels(metadata.getName(),
                metadata.getAnnotations().get(SandboxLabels.TEMPLATE))));
        podTemplate.put("spec", serialization.convertValue(podSpec(metadata.getName(),
                metadata.getAnnotations().get(SandboxLabels.TEMPLATE)), Map.class));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("podTemplate", podTemplate);
        spec.put("replicas", 1);
        if (expiresAt != null) {
            spec.put("shutdownTime", expiresAt.toString());
            spec.put("shutdownPolicy", "Delete");
        }
        return new GenericKubernetesResourceBuilder().withApiVersion(settings.sandboxApiVersion()).withKind(SANDBOX_KIND)
                .withMetadata(metadata).addToAdditionalProperties("spec", spec).build();
    }

    /** The agent's key for one sandbox, owned by the sandbox's object so that Kubernetes removes it with it. */
    Secret secret(String sandboxId, HasMetadata owner, String agentSecretHex) {
        return new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(SandboxLabels.secretName(sandboxId))
                        .withNamespace(settings.namespace())
                        .addToLabels(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER)
                        .addToLabels(SandboxLabels.SANDBOX_ID, sandboxId)
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
                                .withKind(owner.getKind()).withName(owner.getMetadata().getName())
                                .withUid(owner.getMetadata().getUid()).withBlockOwnerDeletion(false).build())
                        .build())
                .withType("Opaque")
                .withImmutable(true)
                .addToData(SandboxLabels.SECRET_KEY, Base64.getEncoder().encodeToString(agentSecretHex.getBytes(StandardCharsets.US_ASCII)))
                .build();
    }

    PodSpec podSpec(String sandboxId, String templateId) {
        Map<String, Quantity> limits = settings.limits();
        PodSpecBuilder spec = new PodSpecBuilder()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withRestartPolicy("Never")
                .withHostname("sandbox")
                .withTerminationGracePeriodSeconds(5L)
                .withNewSecurityContext()
                    .withRunAsUser(SANDBOX_UID).withRunAsGroup(SANDBOX_UID).withFsGroup(SANDBOX_UID).withRunAsNonRoot(true)
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewVolume().withName("agent-secret").withNewSecret()
                    .withSecretName(SandboxLabels.secretName(sandboxId)).withDefaultMode(0440).endSecret().endVolume()
                .addNewVolume().withName("run").withNewEmptyDir().withMedium("Memory")
                    .withSizeLimit(new Quantity("1Mi")).endEmptyDir().endVolume()
                .addNewVolume().withName("home").withNewEmptyDir()
                    .withSizeLimit(new Quantity(Long.toString(settings.homeSizeBytes()))).endEmptyDir().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("256Mi")).endEmptyDir().endVolume()
                .withInitContainers(secretCopier())
                .withContainers(agentContainer(sandboxId, limits));
        String runtimeClassName = settings.runtimeClassName(templateId);
        if (!runtimeClassName.isBlank()) {
            spec.withRuntimeClassName(runtimeClassName);
        }
        return spec.build();
    }

    /** The only container that sees the Secret: it copies the key to the memory volume and ends. */
    private Container secretCopier() {
        return new ContainerBuilder().withName("agent-secret").withImage(settings.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withCommand("/bin/sh", "-c", "umask 077 && cp " + SECRET_MOUNT + "/" + SandboxLabels.SECRET_KEY
                        + " " + RUN_DIR + "/agent-secret")
                .addNewVolumeMount().withName("agent-secret").withMountPath(SECRET_MOUNT).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("run").withMountPath(RUN_DIR).endVolumeMount()
                .withSecurityContext(lockedDown())
                .withResources(new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("16Mi"))
                        .addToLimits("cpu", new Quantity("100m")).addToLimits("memory", new Quantity("32Mi")).build())
                .build();
    }

    /** The sandbox itself: the image's entry point starts the agent, which starts every command. */
    private Container agentContainer(String sandboxId, Map<String, Quantity> limits) {
        List<String> args = new ArrayList<>(List.of("--listen", "tcp:0.0.0.0:" + settings.agentPort(), "--root", "/home/user"));
        args.addAll(environment.agentArguments(sandboxId));
        return new ContainerBuilder().withName(CONTAINER).withImage(settings.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withArgs(args)
                .addNewPort().withName("agent").withContainerPort(settings.agentPort()).withProtocol("TCP").endPort()
                .addNewVolumeMount().withName("run").withMountPath(RUN_DIR).endVolumeMount()
                .addNewVolumeMount().withName("home").withMountPath("/home/user").endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .withSecurityContext(lockedDown())
                .withResources(new ResourceRequirementsBuilder().withRequests(settings.requests()).withLimits(limits).build())
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(settings.agentPort())).endTcpSocket()
                    .withPeriodSeconds(1).withFailureThreshold(3).endReadinessProbe()
                .build();
    }

    private static SecurityContext lockedDown() {
        return new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withPrivileged(false).withNewCapabilities().withDrop("ALL").endCapabilities().build();
    }

    /**
     * The policy of every sandbox pod: ingress only from the servers' pods to the agent's port; egress none
     * ({@code codingit.sandbox.egress: none}), the internet without private ranges plus the cluster's DNS
     * ({@code internet}), or the servers' registry proxy port plus the cluster's DNS ({@code registries}).
     */
    NetworkPolicy networkPolicy() {
        NetworkPolicyPeerBuilder servers = new NetworkPolicyPeerBuilder()
                .withNewPodSelector().withMatchLabels(settings.serverLabels()).endPodSelector();
        if (!settings.serversNamespace().equals(settings.namespace())) {
            servers.withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", settings.serversNamespace())
                    .endNamespaceSelector();
        }
        NetworkPolicyBuilder policy = new NetworkPolicyBuilder()
                .withNewMetadata().withName(NETWORK_POLICY).withNamespace(settings.namespace())
                    .addToLabels(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER).endMetadata()
                .withNewSpec()
                    .withNewPodSelector().addToMatchLabels(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER)
                        .addToMatchLabels(SandboxLabels.ROLE, SandboxLabels.ROLE_SANDBOX).endPodSelector()
                    .withPolicyTypes("Ingress", "Egress")
                    .addNewIngress().withFrom(servers.build())
                        .addNewPort().withProtocol("TCP").withPort(new IntOrString(settings.agentPort())).endPort()
                    .endIngress()
                .endSpec();
        if (settings.egress() == SandboxProperties.Egress.INTERNET) {
            policy.editSpec().withEgress(internetEgress()).endSpec();
        } else if (environment.routesToProxy()) {
            NetworkPolicyEgressRule proxy = new NetworkPolicyEgressRuleBuilder().withTo(servers.build())
                    .addNewPort().withProtocol("TCP").withPort(new IntOrString(environment.proxyPort())).endPort().build();
            policy.editSpec().withEgress(proxy, clusterDns()).endSpec();
        }
        return policy.build();
    }

    private static List<NetworkPolicyEgressRule> internetEgress() {
        NetworkPolicyEgressRule internet = new NetworkPolicyEgressRuleBuilder()
                .addNewTo().withNewIpBlock().withCidr("0.0.0.0/0").withExcept(PRIVATE_V4).endIpBlock().endTo()
                .addNewTo().withNewIpBlock().withCidr("::/0").withExcept(PRIVATE_V6).endIpBlock().endTo()
                .build();
        return List.of(internet, clusterDns());
    }

    private static NetworkPolicyEgressRule clusterDns() {
        return new NetworkPolicyEgressRuleBuilder()
                .addNewTo().withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", "kube-system")
                    .endNamespaceSelector().withNewPodSelector().addToMatchLabels("k8s-app", "kube-dns").endPodSelector().endTo()
                .addNewPort().withProtocol("UDP").withPort(new IntOrString(53)).endPort()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(53)).endPort()
                .build();
    }
}
