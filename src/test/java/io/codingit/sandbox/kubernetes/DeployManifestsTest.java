package io.codingit.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes parsed with fabric8's serialization (no cluster here to apply them to): the kinds, RBAC limited to
 * what the provider uses in the sandboxes' namespace, the policies, and settings that agree with each other.
 */
class DeployManifestsTest {
    private static final Path DIR = Path.of("deploy", "kubernetes");
    private static final List<HasMetadata> OBJECTS = load();

    private static List<HasMetadata> load() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    Object parsed = serialization.unmarshal(in);
                    if (parsed instanceof List<?> list) {
                        list.forEach(o -> objects.add((HasMetadata) o));
                    } else {
                        objects.add((HasMetadata) parsed);
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return objects;
    }

    private static <T extends HasMetadata> List<T> all(Class<T> kind) {
        return OBJECTS.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static <T extends HasMetadata> T one(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    @Test
    void theManifestsHoldTheExpectedKindsAndKustomizeListsEveryFile() throws IOException {
        assertThat(OBJECTS.stream().map(HasMetadata::getKind).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "Namespace", "ServiceAccount", "Role", "RoleBinding", "Service", "ConfigMap", "Secret", "Deployment",
                "NetworkPolicy");
        assertThat(OBJECTS).allSatisfy(o -> assertThat(o.getMetadata().getName()).isNotBlank());
        String kustomization = Files.readString(DIR.resolve("kustomization.yaml"));
        try (Stream<Path> files = Files.list(DIR)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(n -> assertThat(kustomization).contains("- " + n));
        }
    }

    @Test
    void theServersAreADeploymentOfSeveralReplicasBehindAServiceWithExternalDatabaseAndRedis() {
        Deployment server = one(Deployment.class, "codingit-server");
        assertThat(server.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        var pod = server.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("codingit-server");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getContainers().getFirst().getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        Service service = one(Service.class, "codingit-server");
        assertThat(service.getSpec().getSelector()).isEqualTo(server.getSpec().getSelector().getMatchLabels());
        assertThat(one(Service.class, "postgres").getSpec().getType()).isEqualTo("ExternalName");
        assertThat(one(Service.class, "redis").getSpec().getType()).isEqualTo("ExternalName");
        Map<String, String> config = one(ConfigMap.class, "codingit-server").getData();
        assertThat(config.get("CODINGIT_DATABASE_URL")).startsWith("jdbc:postgresql://postgres.codingit.svc:");
        assertThat(config.get("CODINGIT_REDIS_URL")).startsWith("redis://redis.codingit.svc:");
        assertThat(config).containsEntry("CODINGIT_SANDBOX_PROVIDER", "kubernetes");
    }

    @Test
    void rbacGrantsOnlyWhatTheProviderUsesInTheSandboxesNamespace() {
        assertThat(OBJECTS).noneMatch(o -> o.getKind().startsWith("Cluster"));
        Role role = one(Role.class, "codingit-sandbox-provider");
        Map<String, String> config = one(ConfigMap.class, "codingit-server").getData();
        assertThat(role.getMetadata().getNamespace()).isEqualTo(config.get("CODINGIT_SANDBOX_KUBERNETES_NAMESPACE"));
        Map<String, Set<String>> verbs = role.getRules().stream().flatMap(rule -> rule.getResources().stream()
                .map(resource -> Map.entry(group(rule) + resource, Set.copyOf(rule.getVerbs()))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(verbs).containsOnlyKeys("pods", "secrets", "networking.k8s.io/networkpolicies", "agents.x-k8s.io/sandboxes");
        assertThat(verbs.get("secrets")).containsExactlyInAnyOrder("get", "create", "delete"); // never list, watch or update
        assertThat(verbs.get("networking.k8s.io/networkpolicies")).containsExactlyInAnyOrder("get", "create", "update");
        assertThat(verbs.values()).allSatisfy(v -> assertThat(v).doesNotContain("*", "escalate", "bind", "impersonate"));
        assertThat(role.getRules()).allSatisfy(rule -> assertThat(rule.getResources()).doesNotContain("*", "pods/exec"));
        RoleBinding binding = one(RoleBinding.class, "codingit-sandbox-provider");
        assertThat(binding.getMetadata().getNamespace()).isEqualTo(role.getMetadata().getNamespace());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(one(Deployment.class, "codingit-server").getSpec().getTemplate().getSpec().getServiceAccountName());
            assertThat(s.getNamespace()).isEqualTo(config.get("CODINGIT_SANDBOX_KUBERNETES_SERVER_NAMESPACE"));
        });
    }

    private static String group(PolicyRule rule) {
        String group = rule.getApiGroups().getFirst();
        return group.isEmpty() ? "" : group + "/";
    }

    @Test
    void theSandboxesNamespaceDeniesEverythingTheProvidersPolicyDoesNotAllow() {
        NetworkPolicy deny = one(NetworkPolicy.class, "default-deny");
        assertThat(deny.getMetadata().getNamespace()).isEqualTo("codingit-sandboxes");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
        // the provider's policy admits the servers by these labels: the Deployment's pods must carry them
        Map<String, String> serverLabels = new KubernetesSandboxProperties(null, "", "", "", "", 1, null, null, null, null,
                "", 0, null, "", "").serverLabels();
        assertThat(one(Deployment.class, "codingit-server").getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(serverLabels);
        NetworkPolicy servers = one(NetworkPolicy.class, "codingit-server");
        assertThat(servers.getSpec().getIngress()).hasSize(2);
        assertThat(servers.getSpec().getIngress().get(0).getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080));
    }

    @Test
    void sandboxPodsReachTheRegistryProxyOfTheServersAndNothingElseOfThem() {
        Map<String, String> config = one(ConfigMap.class, "codingit-server").getData();
        assertThat(config).containsEntry("CODINGIT_SANDBOX_EGRESS", "registries");
        String listen = config.get("CODINGIT_SANDBOX_REGISTRIES_TCP_LISTEN");
        int proxyPort = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        // the address pods are given is the proxy's own Service, on the port the servers listen on
        String address = config.get("CODINGIT_SANDBOX_KUBERNETES_EGRESS_PROXY_ADDRESS");
        Service egress = one(Service.class, "codingit-egress");
        assertThat(address).isEqualTo(egress.getMetadata().getName() + "." + egress.getMetadata().getNamespace()
                + ".svc:" + egress.getSpec().getPorts().getFirst().getPort());
        assertThat(egress.getSpec().getSelector()).isEqualTo(one(Service.class, "codingit-server").getSpec().getSelector());
        var container = one(Deployment.class, "codingit-server").getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(egress.getSpec().getPorts().getFirst().getTargetPort().getStrVal());
            assertThat(p.getContainerPort()).isEqualTo(proxyPort);
        });
        // the HTTP Service never carries the proxy
        assertThat(one(Service.class, "codingit-server").getSpec().getPorts())
                .noneSatisfy(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("registry-proxy"));
        // only sandbox pods, from the sandboxes' namespace, reach that port of the servers
        var proxyRule = one(NetworkPolicy.class, "codingit-server").getSpec().getIngress().get(1);
        assertThat(proxyRule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(proxyPort));
        assertThat(proxyRule.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name",
                    config.get("CODINGIT_SANDBOX_KUBERNETES_NAMESPACE"));
            assertThat(peer.getPodSelector().getMatchLabels()).containsEntry(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER)
                    .containsEntry(SandboxLabels.ROLE, SandboxLabels.ROLE_SANDBOX);
        });
        assertThat(one(io.fabric8.kubernetes.api.model.Secret.class, "codingit-server").getStringData())
                .containsKey("CODINGIT_SANDBOX_REGISTRY_SECRET_KEY");
    }
}
