package io.codingit.sandbox.kubernetes;

import io.codingit.common.SecretCipher;
import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.egress.RegistryProxyCredentials;
import io.codingit.sandbox.egress.SandboxEnvironment;
import io.codingit.sandbox.spi.AgentAddress;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxRecord;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Kubernetes provider against fabric8's API mock server in CRUD mode (no cluster runs here; docs/deploy.md). */
class KubernetesSandboxProviderTest {
    private static final String TEMPLATE = "code-interpreter-v1";
    private final MockCluster cluster = new MockCluster();
    private static final RegistryEgressProperties DEFAULT_REGISTRIES = new RegistryEgressProperties(
            List.of("pypi.org:443"), List.of(), "https://pypi.org/simple", "https://registry.npmjs.org/",
            DataSize.ofGigabytes(1), Duration.ofMinutes(30), Duration.ofSeconds(10), Duration.ofSeconds(60), "");
    private static final RegistryProxyCredentials CREDENTIALS = new RegistryProxyCredentials(SecretCipher.of(
            Base64.getEncoder().encodeToString(new byte[SecretCipher.KEY_BYTES]), "test key", () -> null, "test key"));
    private final List<KubernetesSandboxProvider> providers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        providers.forEach(KubernetesSandboxProvider::close);
        cluster.close();
    }

    @Test
    void aSandboxIsAPodWithItsLabelsLimitsRuntimeClassAndALockedDownSpec() {
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0);

        Sandbox sandbox = provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10)));

        Pod pod = cluster.client.pods().withName(sandbox.id()).get();
        assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "codingit")
                .containsEntry("codingit.io/role", "sandbox").containsEntry("codingit.io/state", "claimed")
                .containsEntry("codingit.io/template", TEMPLATE).containsEntry("codingit.io/sandbox-id", sandbox.id())
                .containsEntry("team", "blue")
                .containsEntry("codingit.io/owner-hash", SandboxLabels.ownerHash("user-1"));
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("codingit.io/owner", "user-1")
                .containsEntry("codingit.io/expires-at", sandbox.expiresAt().toString());
        var spec = pod.getSpec();
        assertThat(spec.getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(spec.getAutomountServiceAccountToken()).isFalse();
        assertThat(spec.getEnableServiceLinks()).isFalse();
        assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        Container main = spec.getContainers().getFirst();
        assertThat(main.getImage()).isEqualTo("registry.example/codingit-sandbox:1");
        assertThat(main.getArgs()).startsWith("--listen", "tcp:0.0.0.0:" + cluster.agentPort(), "--root", "/home/user")
                .containsSubsequence("--env", "PIP_USER=1").containsSubsequence("--env", "HOME=/home/user")
                .doesNotContain("--forward").noneMatch(arg -> arg.contains("PROXY"));
        assertThat(main.getResources().getLimits()).containsEntry("cpu", new Quantity("2")).containsEntry("memory", new Quantity("2Gi"));
        assertThat(main.getResources().getRequests()).containsEntry("cpu", new Quantity("100m")).containsEntry("memory", new Quantity("128Mi"));
        assertThat(main.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(main.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(main.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        // the agent's key: mounted only into the init container, in no container's environment
        assertThat(main.getVolumeMounts()).noneMatch(m -> m.getName().equals("agent-secret"));
        assertThat(main.getEnv()).isEmpty();
        assertThat(spec.getInitContainers()).singleElement().satisfies(init -> {
            assertThat(init.getVolumeMounts()).anyMatch(m -> m.getName().equals("agent-secret") && m.getReadOnly());
            assertThat(init.getEnv()).isEmpty();
        });
        Secret secret = cluster.client.secrets().withName(sandbox.id() + "-agent").get();
        assertThat(secret.getData().get("agent-secret")).isNotBlank();
        assertThat(secret.getImmutable()).isTrue();
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(pod.getMetadata().getUid()));
        // the provider waited for the agent, signing with that secret
        assertThat(cluster.signedHealthCalls.get()).isPositive();
        assertThat(cluster.refusedHealthCalls.get()).isZero();
    }

    @Test
    void everyServerSeesTheSameSandboxesThroughTheCluster() {
        KubernetesSandboxProvider a = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0);
        KubernetesSandboxProvider b = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0);
        Sandbox mine = a.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10)));
        a.create(new SandboxSpec("task:42", TEMPLATE, Duration.ofMinutes(10)));

        Sandbox seen = b.find(mine.id()).orElseThrow();
        assertThat(seen.ownerId()).isEqualTo("user-1");
        assertThat(seen.templateId()).isEqualTo(TEMPLATE);
        assertThat(seen.expiresAt()).isEqualTo(mine.expiresAt());
        assertThat(seen.isAlive()).isTrue();
        assertThat(b.listByOwner("user-1")).extracting(Sandbox::id).containsExactly(mine.id());
        assertThat(b.listByOwner("task:42")).hasSize(1);
        assertThat(b.listAll()).hasSize(2);
        assertThat(b.find("sbx../../etc")).isEmpty();
        assertThat(b.find("sbxnotthereaaaaaaaaaaa")).isEmpty();

        seen.setTimeout(Duration.ofHours(2));
        assertThat(a.find(mine.id()).orElseThrow().expiresAt()).isEqualTo(seen.expiresAt());
    }

    @Test
    void anotherServerAttachesFromTheRegistryRowAndDestroysThroughIt() {
        KubernetesSandboxProvider a = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0);
        KubernetesSandboxProvider b = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0);
        Sandbox created = a.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10)));
        AgentAddress address = created.agent();
        String podIp = cluster.client.pods().withName(created.id()).get().getStatus().getPodIP();
        assertThat(address.endpoint()).isEqualTo("tcp:" + podIp + ":" + cluster.agentPort());
        assertThat(address.secret()).hasSize(64);
        SandboxRecord record = new SandboxRecord(created.id(), "user-1", TEMPLATE, "kubernetes", address,
                created.createdAt(), created.expiresAt());

        assertThat(b.name()).isEqualTo("kubernetes");
        Sandbox attached = b.attach(record);
        assertThat(attached.id()).isEqualTo(created.id());
        assertThat(attached.ownerId()).isEqualTo("user-1");
        assertThat(attached.isAlive()).isTrue();
        // an endpoint that is not the pod's address: the pod was replaced and its home lost
        SandboxRecord moved = new SandboxRecord(created.id(), "user-1", TEMPLATE, "kubernetes",
                new AgentAddress("tcp:10.255.0.1:" + cluster.agentPort(), address.secret()), created.createdAt(), created.expiresAt());
        assertThatThrownBy(() -> b.attach(moved)).isInstanceOf(SandboxGoneException.class).hasMessageContaining("replaced");
        SandboxRecord unix = new SandboxRecord(created.id(), "user-1", TEMPLATE, "kubernetes",
                new AgentAddress("unix:/run/x/agent.sock", address.secret()), created.createdAt(), created.expiresAt());
        assertThatThrownBy(() -> b.attach(unix)).isInstanceOf(SandboxUnavailableException.class);

        assertThat(b.destroy(record)).isTrue();
        assertThat(cluster.client.pods().withName(created.id()).get()).isNull();
        assertThat(cluster.client.secrets().withName(created.id() + "-agent").get()).isNull();
        assertThatThrownBy(() -> a.attach(record)).isInstanceOf(SandboxGoneException.class).hasMessageContaining("deleted");
    }

    @Test
    void runningIdsLeaveOutThePoolAndSandboxesStillBetweenClaimAndRegistration() {
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0);
        Sandbox fresh = provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10)));
        KubernetesSandboxProvider later = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5)));

        assertThat(provider.runningIds()).isEmpty(); // its server may not have registered it yet
        assertThat(later.runningIds()).containsExactly(fresh.id());
    }

    @Test
    void killRemovesThePodAndItsSecret() {
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0);
        Sandbox sandbox = provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10)));

        assertThat(provider.kill(sandbox.id())).isTrue();

        assertThat(cluster.client.pods().withName(sandbox.id()).get()).isNull();
        assertThat(cluster.client.secrets().withName(sandbox.id() + "-agent").get()).isNull();
        assertThat(provider.find(sandbox.id())).isEmpty();
        assertThat(provider.kill(sandbox.id())).isFalse();
    }

    @Test
    void anExpiredSandboxIsListedWithItsExpiryAndADeadPodIsNotAlive() {
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0);
        Sandbox expiring = provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMillis(1)));
        Sandbox dying = provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10)));
        Pod pod = cluster.client.pods().withName(dying.id()).get();
        pod.getStatus().setPhase("Failed");
        cluster.client.pods().resource(pod).updateStatus();

        // what the reaper reads (docs/sandbox.md, Lifecycle): the expiry from the cluster, and the pod's death
        assertThat(provider.listAll()).filteredOn(s -> s.id().equals(expiring.id()))
                .singleElement().satisfies(s -> assertThat(s.expiresAt()).isBefore(Instant.now()));
        assertThat(provider.find(dying.id()).orElseThrow().isAlive()).isFalse();
        assertThat(provider.find(expiring.id()).orElseThrow().isAlive()).isTrue();
    }

    @Test
    void aPodThatFailsToStartIsRemovedAndReportedAsUnavailable() {
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0);
        cluster.failAll = true;

        assertThatThrownBy(() -> provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10))))
                .isInstanceOf(SandboxUnavailableException.class).hasMessageContaining("ended before it was ready");
        assertThat(cluster.client.pods().list().getItems()).isEmpty();
        assertThat(cluster.client.secrets().list().getItems()).isEmpty();
    }

    @Test
    void creationWaitsForThePodsReadinessOnAWatchNotByPollingIt() throws Exception {
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0);
        cluster.holdPods = true; // the image is still being pulled
        try (ExecutorService creating = Executors.newSingleThreadExecutor()) {
            Future<Sandbox> created = creating.submit(() -> provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10))));
            until(Duration.ofSeconds(10), () -> !cluster.client.pods().list().getItems().isEmpty());
            String name = cluster.client.pods().list().getItems().getFirst().getMetadata().getName();
            // while the pod is pending the provider holds a watch on it; a poller would never ask for one
            until(Duration.ofSeconds(10), () -> cluster.podWatched(name));
            assertThat(created.isDone()).as("still waiting for the pending pod").isFalse();

            cluster.holdPods = false; // the kubelet starts it: the watch delivers the change
            Sandbox sandbox = created.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(sandbox.id()).isEqualTo(name);
            assertThat(podReady(name)).isTrue();
        }
    }

    @Test
    void theNetworkPolicyAdmitsOnlyTheServersAndNoEgress() {
        provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 0);

        NetworkPolicy policy = cluster.client.network().v1().networkPolicies().withName("codingit-sandboxes").get();
        var spec = policy.getSpec();
        assertThat(spec.getPodSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(
                Map.of("app.kubernetes.io/managed-by", "codingit", "codingit.io/role", "sandbox"));
        assertThat(spec.getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(spec.getEgress()).isEmpty();
        assertThat(spec.getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getPodSelector().getMatchLabels()).containsExactlyEntriesOf(Map.of("app.kubernetes.io/name", "codingit-server"));
                assertThat(peer.getNamespaceSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
            });
            assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getPort().getIntVal()).isEqualTo(cluster.agentPort());
                assertThat(port.getProtocol()).isEqualTo("TCP");
            });
        });
    }

    @Test
    void registriesEgressRoutesEachPodToTheServersProxyWithItsOwnCredentials() {
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.REGISTRIES,
                0, Clock.systemUTC(), "codingit-egress.codingit.svc:3128");
        assertThat(provider.status().details().get("network").toString()).contains("codingit-egress.codingit.svc:3128");

        Sandbox one = provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10)));
        Sandbox two = provider.create(new SandboxSpec("user-2", TEMPLATE, Duration.ofMinutes(10)));
        List<String> args = cluster.client.pods().withName(one.id()).get().getSpec().getContainers().getFirst().getArgs();
        assertThat(args).containsSubsequence("--forward", "tcp:127.0.0.1:3128=tcp:codingit-egress.codingit.svc:3128")
                .containsSubsequence("--env", "HTTPS_PROXY=http://" + one.id() + ":" + CREDENTIALS.password(one.id())
                        + "@127.0.0.1:3128")
                .containsSubsequence("--env", "npm_config_registry=https://registry.npmjs.org/");
        List<String> otherArgs = cluster.client.pods().withName(two.id()).get().getSpec().getContainers().getFirst().getArgs();
        assertThat(otherArgs).contains("HTTPS_PROXY=http://" + two.id() + ":" + CREDENTIALS.password(two.id()) + "@127.0.0.1:3128")
                .doesNotContain("HTTPS_PROXY=http://" + one.id() + ":" + CREDENTIALS.password(one.id()) + "@127.0.0.1:3128");
        assertThat(CREDENTIALS.password(one.id())).isNotEqualTo(CREDENTIALS.password(two.id()));

        var egress = cluster.client.network().v1().networkPolicies().withName("codingit-sandboxes").get().getSpec().getEgress();
        assertThat(egress).hasSize(2);
        assertThat(egress.get(0).getTo()).singleElement().satisfies(peer -> {
            assertThat(peer.getPodSelector().getMatchLabels()).containsExactlyEntriesOf(Map.of("app.kubernetes.io/name", "codingit-server"));
            assertThat(peer.getIpBlock()).isNull();
        });
        assertThat(egress.get(0).getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort().getIntVal()).isEqualTo(3128);
            assertThat(port.getProtocol()).isEqualTo("TCP");
        });
        assertThat(egress.get(1).getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53);
    }

    @Test
    void registriesEgressWithoutAProxyAddressGivesPodsNoEgressAndSaysSo() {
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.REGISTRIES, 0);
        assertThat(provider.status().details().get("network").toString()).startsWith("none")
                .contains("codingit.sandbox.kubernetes.egress-proxy-address");
        Sandbox sandbox = provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10)));
        List<String> args = cluster.client.pods().withName(sandbox.id()).get().getSpec().getContainers().getFirst().getArgs();
        assertThat(args).doesNotContain("--forward").noneMatch(arg -> arg.contains("PROXY") || arg.contains("PIP_INDEX_URL"));
        assertThat(cluster.client.network().v1().networkPolicies().withName("codingit-sandboxes").get().getSpec().getEgress())
                .isEmpty();
    }

    @Test
    void internetEgressLeavesPrivateRangesAndTheClusterOutButDns() {
        provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.INTERNET, 0);

        var egress = cluster.client.network().v1().networkPolicies().withName("codingit-sandboxes").get().getSpec().getEgress();
        assertThat(egress).hasSize(2);
        assertThat(egress.get(0).getTo()).anySatisfy(peer -> {
            assertThat(peer.getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
            assertThat(peer.getIpBlock().getExcept()).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");
        });
        assertThat(egress.get(0).getPorts()).isNullOrEmpty();
        assertThat(egress.get(1).getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53);
        assertThat(egress.get(1).getTo()).singleElement()
                .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void agentSandboxModeCreatesASandboxResourceWithTheExpiryAsItsShutdownTime() {
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.AGENT_SANDBOX, SandboxProperties.Egress.NONE, 0);

        Sandbox sandbox = provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10)));

        GenericKubernetesResource resource = cluster.sandboxes()
                .withName(sandbox.id()).get();
        assertThat(resource.getMetadata().getLabels()).containsEntry("codingit.io/state", "claimed");
        Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("shutdownTime", sandbox.expiresAt().toString()).containsEntry("shutdownPolicy", "Delete")
                .containsEntry("replicas", 1);
        Map<String, Object> podTemplate = (Map<String, Object>) spec.get("podTemplate");
        assertThat((Map<String, Object>) podTemplate.get("spec")).containsEntry("runtimeClassName", "gvisor")
                .containsEntry("automountServiceAccountToken", false);
        assertThat((Map<String, String>) ((Map<String, Object>) podTemplate.get("metadata")).get("labels"))
                .containsEntry("codingit.io/role", "sandbox").containsEntry("app.kubernetes.io/managed-by", "codingit");
        // the controller's pod, reached through the same agent secret
        assertThat(cluster.client.pods().withName(sandbox.id()).get().getSpec().getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(cluster.client.secrets().withName(sandbox.id() + "-agent").get().getMetadata().getOwnerReferences())
                .singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("Sandbox"));

        sandbox.setTimeout(Duration.ofHours(1));
        Map<String, Object> extended = (Map<String, Object>) cluster.sandboxes()
                .withName(sandbox.id()).get().getAdditionalProperties().get("spec");
        assertThat(extended).containsEntry("shutdownTime", sandbox.expiresAt().toString());

        assertThat(provider.kill(sandbox.id())).isTrue();
        assertThat(cluster.sandboxes().withName(sandbox.id()).get()).isNull();
        assertThat(cluster.client.secrets().withName(sandbox.id() + "-agent").get()).isNull();
        until(Duration.ofSeconds(5), () -> cluster.client.pods().withName(sandbox.id()).get() == null);
    }

    @Test
    void theWarmPoolIsFilledClaimedAndRefilled() {
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 2);
        Sandbox first = provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10)));
        until(Duration.ofSeconds(10), () -> provider.warmPool.warmCount(TEMPLATE) == 2 && !provider.warmPool.refilling(TEMPLATE));
        List<String> warm = warmNames();
        assertThat(warm).hasSize(2).doesNotContain(first.id());
        assertThat(cluster.client.pods().withName(warm.getFirst()).get().getMetadata().getAnnotations())
                .doesNotContainKey("codingit.io/owner");
        assertThat(provider.listAll()).extracting(Sandbox::id).containsExactly(first.id()); // the pool belongs to nobody
        until(Duration.ofSeconds(10), () -> warm.stream().allMatch(this::podReady));

        Sandbox claimed = provider.create(new SandboxSpec("user-2", TEMPLATE, Duration.ofMinutes(5)));

        assertThat(warm).contains(claimed.id());
        Pod pod = cluster.client.pods().withName(claimed.id()).get();
        assertThat(pod.getMetadata().getLabels()).containsEntry("codingit.io/state", "claimed")
                .containsEntry("codingit.io/owner-hash", SandboxLabels.ownerHash("user-2"));
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("codingit.io/owner", "user-2")
                .containsEntry("codingit.io/expires-at", claimed.expiresAt().toString());
        assertThat(claimed.ownerId()).isEqualTo("user-2");
        until(Duration.ofSeconds(10), () -> provider.warmPool.warmCount(TEMPLATE) == 2 && !provider.warmPool.refilling(TEMPLATE));
        assertThat(warmNames()).doesNotContain(claimed.id());
    }

    @Test
    void twoServersNeverClaimTheSameWarmSandbox() throws Exception {
        KubernetesSandboxProvider a = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 4);
        KubernetesSandboxProvider b = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.NONE, 4);
        a.warmPool.refill(TEMPLATE);
        until(Duration.ofSeconds(10), () -> !a.warmPool.refilling(TEMPLATE) && warmNames().size() == 4
                && warmNames().stream().allMatch(this::podReady));
        Set<String> pooled = new HashSet<>(warmNames());

        List<Callable<String>> claims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            KubernetesSandboxProvider server = i % 2 == 0 ? a : b;
            String owner = "user-" + i;
            claims.add(() -> server.create(new SandboxSpec(owner, TEMPLATE, Duration.ofMinutes(5))).id());
        }
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<String> f : pool.invokeAll(claims)) {
                ids.add(f.get());
            }
        }
        assertThat(new HashSet<>(ids)).hasSize(4);
        assertThat(ids.stream().filter(pooled::contains)).isNotEmpty();
        assertThat(a.listAll()).hasSize(4).allSatisfy(s -> assertThat(s.ownerId()).startsWith("user-"));
    }

    @Test
    void aMissingAgentSandboxCrdMakesTheProviderUnavailableWithTheReason() {
        cluster.withoutAgentSandboxCrds();
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.AGENT_SANDBOX, SandboxProperties.Egress.NONE, 0);

        assertThat(provider.status().available()).isFalse();
        assertThat(provider.status().unavailableReason()).contains("agent-sandbox CRDs are not installed");
        assertThatThrownBy(() -> provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(1))))
                .isInstanceOf(SandboxUnavailableException.class).hasMessageContaining("agent-sandbox CRDs");
    }

    @Test
    void loopbackPortsOfTheServerAreRefused() {
        KubernetesSandboxProvider provider = provider(KubernetesSandboxProperties.Mode.POD, SandboxProperties.Egress.INTERNET, 0);
        assertThatThrownBy(() -> provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(1), null, List.of(8080))))
                .isInstanceOf(SandboxUnavailableException.class).hasMessageContaining("loopback");
        assertThat(cluster.client.pods().list().getItems()).isEmpty();
    }

    /** Polls a condition that the cluster or the pool's background refill makes true (never a fixed sleep). */
    private static void until(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private List<String> warmNames() {
        return cluster.client.pods().withLabel("codingit.io/state", "warm").list().getItems().stream()
                .map(p -> p.getMetadata().getName()).toList();
    }

    private boolean podReady(String name) {
        Pod pod = cluster.client.pods().withName(name).get();
        return pod != null && PodStates.ready(pod);
    }

    @Test
    void aTemplateAtAnotherIsolationLevelGetsThatLevelsRuntimeClass() {
        KubernetesSandboxProperties properties = new KubernetesSandboxProperties(KubernetesSandboxProperties.Mode.POD,
                MockCluster.NAMESPACE, "registry.example/codingit-sandbox:1", "IfNotPresent", "", cluster.agentPort(),
                Map.of(), Map.of(), Map.of(), Map.of(), "", 0, Duration.ofSeconds(10), "agents.x-k8s.io/v1alpha1", "");
        SandboxProperties base = sandboxProperties(SandboxProperties.Egress.NONE);
        SandboxProperties sandbox = new SandboxProperties("", 61000, "bwrap", "pasta", SandboxProperties.Egress.NONE,
                base.defaultTimeout(), base.maxTimeout(), 5, base.commandTimeout(), base.outputLimit(), base.memory(),
                256, 1.0, base.homeSize(), base.reaperInterval(), 0, new SandboxProperties.Isolation("namespaces", true,
                "/usr/bin/python3", "runsc", Map.of(TEMPLATE, "gvisor")));
        KubernetesSettings settings = KubernetesSettings.of(properties, sandbox, null);
        KubernetesSandboxProvider provider = new KubernetesSandboxProvider(cluster.client, settings,
                podEnvironment(SandboxProperties.Egress.NONE), Clock.systemUTC());
        providers.add(provider);
        assertThat(provider.status().details()).containsEntry("runtimeClassName", "(cluster default)")
                .containsEntry("templateRuntimeClassNames", Map.of(TEMPLATE, "gvisor"));

        Sandbox gvisor = provider.create(new SandboxSpec("user-1", TEMPLATE, Duration.ofMinutes(10)));
        Sandbox other = provider.create(new SandboxSpec("user-1", "python-web-v1", Duration.ofMinutes(10)));

        assertThat(cluster.client.pods().withName(gvisor.id()).get().getSpec().getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(cluster.client.pods().withName(other.id()).get().getSpec().getRuntimeClassName()).isNull();
    }

    private KubernetesSandboxProvider provider(KubernetesSandboxProperties.Mode mode, SandboxProperties.Egress egress, int warmPool) {
        return provider(mode, egress, warmPool, Clock.systemUTC());
    }

    private KubernetesSandboxProvider provider(KubernetesSandboxProperties.Mode mode, SandboxProperties.Egress egress, int warmPool,
                                               Clock clock) {
        return provider(mode, egress, warmPool, clock, "");
    }

    private KubernetesSandboxProvider provider(KubernetesSandboxProperties.Mode mode, SandboxProperties.Egress egress, int warmPool,
                                               Clock clock, String egressProxyAddress) {
        KubernetesSandboxProperties properties = new KubernetesSandboxProperties(mode, MockCluster.NAMESPACE,
                "registry.example/codingit-sandbox:1", "IfNotPresent", "gvisor", cluster.agentPort(),
                Map.of("cpu", "100m", "memory", "128Mi"), Map.of("cpu", "2", "memory", "2Gi"), Map.of("team", "blue"),
                Map.of(), "", warmPool, Duration.ofSeconds(10), "agents.x-k8s.io/v1alpha1", egressProxyAddress);
        KubernetesSettings settings = KubernetesSettings.of(properties, sandboxProperties(egress), null);
        PodEnvironment environment = new PodEnvironment(new SandboxEnvironment(egress, DEFAULT_REGISTRIES),
                settings.egressProxyAddress(), CREDENTIALS);
        KubernetesSandboxProvider provider = new KubernetesSandboxProvider(cluster.client, settings, environment, clock);
        providers.add(provider);
        return provider;
    }

    /** The command environment of pods that do not reach the registry proxy. */
    static PodEnvironment podEnvironment(SandboxProperties.Egress egress) {
        return new PodEnvironment(new SandboxEnvironment(egress, DEFAULT_REGISTRIES), "", null);
    }

    static SandboxProperties sandboxProperties(SandboxProperties.Egress egress) {
        return new SandboxProperties("", 61000, "bwrap", "pasta", egress, Duration.ofMinutes(10), Duration.ofHours(1), 5,
                Duration.ofSeconds(10), DataSize.ofMegabytes(1), DataSize.ofGigabytes(1), 256, 1.0,
                DataSize.ofGigabytes(1), Duration.ofSeconds(1), 0);
    }
}
