package io.codingit.sandbox.kubernetes;

import com.sun.net.httpserver.HttpServer;
import io.codingit.sandbox.agent.AgentSecret;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's Kubernetes API mock server in CRUD mode (objects are stored and served as an API server would; nothing
 * schedules or runs them), plus what a cluster would do on its own, played by the test on loopback only:
 * <ul>
 * <li>the kubelet: a new pod becomes Running and Ready at 127.0.0.1 (or fails, with {@link #failAll});</li>
 * <li>the agent-sandbox controller: a {@code Sandbox} gets a Pod of the same name from its pod template, and the Pod
 *     goes when its {@code Sandbox} goes (the cluster's garbage collector);</li>
 * <li>each pod's agent health route on one loopback port, which accepts a call only when it is signed with the
 *     secret that the pod's Kubernetes Secret holds.</li>
 * </ul>
 */
final class MockCluster implements AutoCloseable {
    static final String NAMESPACE = "sandboxes";

    final KubernetesMockServer server;
    final NamespacedKubernetesClient client;
    final HttpServer agents;
    /** The kubelet fails every new pod (an image that cannot start). */
    volatile boolean failAll;
    /** The kubelet leaves new pods pending (an image still being pulled) until this is false again. */
    volatile boolean holdPods;
    /** Set: the kubelet starts the real agent binary for each pod, at a loopback address of its own. */
    private final RealAgents realAgents;
    final AtomicInteger signedHealthCalls = new AtomicInteger();
    final AtomicInteger refusedHealthCalls = new AtomicInteger();
    private final Thread cluster;
    private volatile boolean closed;

    MockCluster() {
        this(null);
    }

    /** A cluster whose pods run the real agent (see {@link RealAgents}), or the stand-in health route when null. */
    MockCluster(RealAgents realAgents) {
        this.realAgents = realAgents;
        // CRUD mode, plus expectations that answer first where a test sets one (a cluster without a CRD)
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient().inNamespace(NAMESPACE);
        try {
            agents = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        agents.createContext("/v1/health", exchange -> {
            boolean signed = signedBySomeSandbox(exchange.getRequestHeaders().getFirst("X-Codingit-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Codingit-Nonce"),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            (signed ? signedHealthCalls : refusedHealthCalls).incrementAndGet();
            byte[] body = (signed ? "{\"protocol\":1}" : "{\"error\":\"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(signed ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        agents.start();
        cluster = Thread.ofVirtual().name("mock-cluster").start(this::run);
    }

    io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> sandboxes() {
        return client.genericKubernetesResources(SandboxObjects.sandboxDefinition("agents.x-k8s.io/v1alpha1"));
    }

    /** The API answers 404 for the agent-sandbox group, as a cluster without its CRDs does. */
    void withoutAgentSandboxCrds() {
        server.expect().get().withPath("/apis/agents.x-k8s.io/v1alpha1/namespaces/" + NAMESPACE + "/sandboxes?limit=1")
                .andReturn(404, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(404).withReason("NotFound")
                        .withMessage("the server could not find the requested resource").build())
                .always();
    }

    /** Whether the API server has been asked to watch the pod {@code name} (the requests seen so far are consumed). */
    boolean podWatched(String name) {
        try {
            for (var request = server.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS); request != null;
                 request = server.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                String path = java.net.URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8);
                if (path.startsWith("/api/v1/namespaces/" + NAMESPACE + "/pods?") && path.contains("watch=true")
                        && path.contains("metadata.name=" + name)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int agentPort() {
        return realAgents != null ? realAgents.port() : agents.getAddress().getPort();
    }

    private boolean signedBySomeSandbox(String timestamp, String nonce, String authorization) {
        if (timestamp == null || nonce == null || authorization == null) {
            return false;
        }
        for (Secret secret : client.secrets().list().getItems()) {
            String encoded = secret.getData() == null ? null : secret.getData().get("agent-secret");
            if (encoded != null) {
                AgentSecret key = AgentSecret.fromHex(new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII));
                if (authorization.equals("CodingIT-HMAC-SHA256 " + key.sign("GET", "/v1/health", timestamp, nonce))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void run() {
        while (!closed) {
            try {
                playController();
                playKubelet();
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    System.err.println("mock cluster: " + e);
                }
            }
        }
    }

    private void playKubelet() {
        List<Pod> pods = client.pods().list().getItems();
        if (realAgents != null) {
            realAgents.stopAllBut(pods.stream().map(p -> p.getMetadata().getName()).collect(java.util.stream.Collectors.toSet()));
        }
        for (Pod pod : pods) {
            if (holdPods || pod.getStatus() != null && pod.getStatus().getPhase() != null) {
                continue;
            }
            boolean fails = failAll;
            String ip = "127.0.0.1";
            if (realAgents != null && !fails) {
                Secret secret = client.secrets().withName(pod.getMetadata().getName() + "-agent").get();
                if (secret == null) {
                    continue; // as a kubelet waits for a Secret volume
                }
                ip = realAgents.start(pod.getMetadata().getName(), new String(Base64.getDecoder()
                        .decode(secret.getData().get("agent-secret")), StandardCharsets.US_ASCII));
            }
            Pod started = new PodBuilder(pod).withNewStatus().withPhase(fails ? "Failed" : "Running")
                    .withPodIP(ip)
                    .withConditions(new PodConditionBuilder().withType("Ready").withStatus(fails ? "False" : "True").build())
                    .endStatus().build();
            client.pods().resource(started).updateStatus();
        }
    }

    @SuppressWarnings("unchecked")
    private void playController() {
        List<GenericKubernetesResource> sandboxes = sandboxes()
                .list().getItems();
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (GenericKubernetesResource sandbox : sandboxes) {
            String name = sandbox.getMetadata().getName();
            names.add(name);
            if (client.pods().withName(name).get() != null) {
                continue;
            }
            Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) sandbox.getAdditionalProperties()
                    .get("spec")).get("podTemplate");
            Map<String, String> labels = (Map<String, String>) ((Map<String, Object>) template.get("metadata")).get("labels");
            PodSpec spec = client.getKubernetesSerialization().convertValue(template.get("spec"), PodSpec.class);
            client.pods().resource(new PodBuilder().withNewMetadata().withName(name).withLabels(labels)
                    .addToLabels("agents.x-k8s.io/sandbox-name-hash", Integer.toHexString(name.hashCode()))
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(sandbox.getApiVersion())
                            .withKind("Sandbox").withName(name).withUid(sandbox.getMetadata().getUid()).withController(true).build())
                    .endMetadata().withSpec(spec).build()).create();
        }
        for (Pod pod : client.pods().list().getItems()) {
            boolean ownedBySandbox = pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences()
                    .stream().anyMatch(o -> "Sandbox".equals(o.getKind()));
            if (ownedBySandbox && !names.contains(pod.getMetadata().getName())) {
                client.pods().resource(pod).delete();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        cluster.interrupt();
        try {
            cluster.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        agents.stop(0);
        if (realAgents != null) {
            realAgents.close();
        }
        client.close();
        server.destroy();
    }
}
