package io.codingit.sandbox.kubernetes;


import io.codingit.sandbox.agent.AgentClient;
import io.codingit.sandbox.agent.AgentEndpoint;
import io.codingit.sandbox.agent.AgentSecret;
import io.codingit.sandbox.spi.AgentAddress;
import io.codingit.sandbox.spi.ProviderStatus;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.sandbox.spi.SandboxRecord;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sandboxes as Pods (or agent-sandbox {@code Sandbox} resources) in one namespace. The sandbox registry in the
 * database is the record of a sandbox (owner, expiry, its agent's endpoint {@code tcp:<pod IP>:<port>} and
 * secret); any server attaches to it from that row and talks to the agent at the pod's IP. The objects also
 * carry owner, template and expiry as labels and annotations: the warm pool needs them (a pool of ready,
 * unowned sandboxes per template, shared by all servers, where a claim is an optimistic update of the object's
 * labels, so two servers can never take the same one), and they tell which pods this provider manages.
 * <p>
 * This class creates, attaches, finds and lists sandboxes; the rest it delegates to plain objects it makes (not
 * beans): {@link ClusterCheck} (whether the namespace can be used, at start), {@link KubernetesWarmPool} (claims
 * and the background refill), {@link PodStartup} (creating a sandbox's objects and waiting for its agent),
 * {@link PodRemoval} (removing them), {@link PodAgents} (the agent clients and secrets) and {@link ClaimedObjects}
 * (the users' sandboxes read back from the cluster).
 */
final class KubernetesSandboxProvider implements SandboxProvider, AutoCloseable {
    private final KubernetesSettings settings;
    private final Workloads<? extends HasMetadata> workloads;
    private final Clock clock;
    private final PodAgents agents;
    private final PodRemoval removal;
    private final PodStartup startup;
    /** Package-private for KubernetesSandboxProviderTest, which starts refills and waits for them. */
    final KubernetesWarmPool warmPool;
    private final ClaimedObjects claimed;
    private final ProviderStatus status;

    KubernetesSandboxProvider(KubernetesClient client, KubernetesSettings settings, PodEnvironment environment,
                              Clock clock) {
        this.settings = settings;
        this.clock = clock;
        SandboxObjects objects = new SandboxObjects(settings, client.getKubernetesSerialization(), environment);
        this.workloads = Workloads.of(client, settings, objects);
        this.agents = new PodAgents(client, settings, workloads);
        this.removal = new PodRemoval(client, settings, workloads, agents);
        this.startup = new PodStartup(client, settings, workloads, objects, agents, removal);
        this.warmPool = new KubernetesWarmPool(settings, workloads, startup, removal, clock);
        // the handles it reads back report to this object, as those create and attach hand out do
        this.claimed = new ClaimedObjects(workloads, this);
        this.status = new ClusterCheck(client, settings, environment, workloads, objects).run();
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /** Not built: a pod's home lives in the pod (saving it to a volume and resuming from it is future work). */
    @Override
    public String pauseUnsupportedReason() {
        return "the kubernetes provider does not pause sandboxes yet (a pod's home lives in the pod and is not saved); "
                + "its sandboxes are killed at their timeout as before";
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        requireAvailable();
        if (!spec.hostLoopbackPorts().isEmpty()) {
            throw new SandboxUnavailableException("the Kubernetes sandbox provider cannot give a sandbox access to "
                    + "ports of the server's loopback (the model relay of CLI agents); use the local provider for them");
        }
        Instant now = clock.instant();
        SandboxObjects.Claim claim = new SandboxObjects.Claim(spec.ownerId(), now, now.plus(spec.timeout()));
        HasMetadata object;
        try {
            object = warmPool.claimWarm(spec.templateId(), claim)
                    .orElseGet(() -> startup.createObjects(startup.newId(), spec.templateId(), now, claim));
        } catch (KubernetesClientException e) {
            throw new SandboxUnavailableException("could not create a sandbox: " + workloads.describe(e));
        }
        warmPool.refill(spec.templateId());
        String id = object.getMetadata().getName();
        startup.awaitReady(id);
        return claimed.sandbox(object.getMetadata()).orElseThrow(() -> new SandboxGoneException(id));
    }

    /**
     * A handle from a registry row, on any server: the object must still exist and its pod run at the address the
     * row names (a pod that was replaced, e.g. by the agent-sandbox controller, lost its home); commands then go
     * to that agent with the row's secret.
     */
    @Override
    public Sandbox attach(SandboxRecord record) {
        requireAvailable();
        String id = record.id();
        AgentEndpoint.Tcp endpoint = tcpEndpoint(record);
        Pod pod;
        try {
            if (workloads.get(id).filter(o -> o.getMetadata().getDeletionTimestamp() == null).isEmpty()) {
                agents.forget(id);
                throw new SandboxGoneException(id, "its pod was deleted");
            }
            pod = workloads.pod(id).orElse(null);
        } catch (KubernetesClientException e) {
            throw new SandboxUnavailableException("could not look up sandbox " + id + ": " + workloads.describe(e));
        }
        if (pod != null && PodStates.ended(pod)) {
            agents.forget(id);
            throw new SandboxGoneException(id, "its pod ended (" + pod.getStatus().getPhase() + ")");
        }
        String ip = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip != null && !ip.isBlank() && !ip.equals(endpoint.host())) {
            agents.forget(id);
            throw new SandboxGoneException(id, "its pod was replaced (its home was lost)");
        }
        AgentSecret secret = AgentSecret.fromHex(record.agent().secret());
        agents.attach(id, endpoint, secret);
        return new KubernetesSandbox(id, record.ownerId(), record.templateId(), record.createdAt(), record.expiresAt(), this);
    }

    private static AgentEndpoint.Tcp tcpEndpoint(SandboxRecord record) {
        try {
            if (AgentEndpoint.parse(record.agent().endpoint()) instanceof AgentEndpoint.Tcp tcp) {
                return tcp;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new SandboxUnavailableException("sandbox " + record.id() + " has an agent endpoint this server cannot use");
    }

    @Override
    public boolean destroy(SandboxRecord record) {
        return kill(record.id());
    }

    /** Moves the cluster's own expiry (a {@code Sandbox}'s shutdown time, the annotation) with the registry's. */
    @Override
    public void setExpiry(SandboxRecord record, Instant expiresAt) {
        try {
            workloads.setExpiry(record.id(), expiresAt);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw new SandboxUnavailableException("could not extend sandbox " + record.id() + ": " + workloads.describe(e));
            }
        }
    }

    /**
     * The claimed sandboxes in the namespace (the pool belongs to nobody), except those claimed within the
     * start-up timeout: their server may still be between the claim and the registry row.
     */
    @Override
    public Set<String> runningIds() {
        if (!status.available()) {
            return Set.of();
        }
        Instant settled = clock.instant().minus(settings.startupTimeout()).minus(Duration.ofMinutes(1));
        return listAll().stream().filter(s -> s.createdAt().isBefore(settled)).map(Sandbox::id).collect(Collectors.toSet());
    }

    @Override
    public Optional<Sandbox> find(String sandboxId) {
        requireAvailable();
        if (!sandboxId.matches("sbx[a-z0-9]{20}")) {
            return Optional.empty();
        }
        return workloads.get(sandboxId).flatMap(o -> claimed.sandbox(o.getMetadata()));
    }

    @Override
    public List<Sandbox> listByOwner(String ownerId) {
        return claimed.byOwner(ownerId);
    }

    @Override
    public List<Sandbox> listAll() {
        if (!status.available()) {
            return List.of();
        }
        return claimed.all();
    }

    @Override
    public boolean kill(String sandboxId) {
        return removal.kill(sandboxId);
    }

    @Override
    public ProviderStatus status() {
        return status;
    }

    /** Moves a sandbox's expiry to {@code timeout} from now, on its object (and a Sandbox's shutdown time). */
    Instant extend(String sandboxId, Duration timeout) {
        Instant expiresAt = clock.instant().plus(timeout);
        try {
            workloads.setExpiry(sandboxId, expiresAt);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new SandboxGoneException(sandboxId);
            }
            throw new SandboxUnavailableException("could not extend sandbox " + sandboxId + ": " + workloads.describe(e));
        }
        return expiresAt;
    }

    /** Whether the sandbox's object exists and its pod has not ended. */
    boolean isRunning(String sandboxId) {
        try {
            if (workloads.get(sandboxId).filter(o -> o.getMetadata().getDeletionTimestamp() == null).isEmpty()) {
                return false;
            }
            return workloads.pod(sandboxId).map(pod -> !PodStates.ended(pod)).orElse(true);
        } catch (KubernetesClientException e) {
            return true; // an API hiccup is no proof of death: the reaper must not kill on it
        }
    }

    /** The agent of a running sandbox, at its pod's IP (see {@link PodAgents#agent}). */
    AgentClient agent(String sandboxId) {
        return agents.agent(sandboxId);
    }

    /** Where the sandbox's agent answers and its secret, as the registry keeps them. */
    AgentAddress address(String sandboxId) {
        return agents.address(sandboxId);
    }

    Duration commandTimeout() {
        return settings.commandTimeout();
    }

    long outputLimit() {
        return settings.outputLimit();
    }

    private void requireAvailable() {
        if (!status.available()) {
            throw new SandboxUnavailableException(status.unavailableReason());
        }
    }

    /** Stops refilling; pooled and live sandboxes stay in the cluster for the other servers (and this one's restart). */
    @Override
    public void close() {
        warmPool.close();
        agents.close();
    }
}
