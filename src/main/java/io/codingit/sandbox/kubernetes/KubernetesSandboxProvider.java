package io.codingit.sandbox.kubernetes;


import io.codingit.sandbox.agent.AgentClient;
import io.codingit.sandbox.agent.AgentEndpoint;
import io.codingit.sandbox.agent.AgentSecret;
import io.codingit.sandbox.agent.AgentTransport;
import io.codingit.sandbox.spi.AgentAddress;
import io.codingit.sandbox.spi.ProviderStatus;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.sandbox.spi.SandboxRecord;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Sandboxes as Pods (or agent-sandbox {@code Sandbox} resources) in one namespace. The sandbox registry in the
 * database is the record of a sandbox (owner, expiry, its agent's endpoint {@code tcp:<pod IP>:<port>} and
 * secret); any server attaches to it from that row and talks to the agent at the pod's IP. The objects also
 * carry owner, template and expiry as labels and annotations: the warm pool needs them (a pool of ready,
 * unowned sandboxes per template, shared by all servers, where a claim is an optimistic update of the object's
 * labels, so two servers can never take the same one), and they tell which pods this provider manages.
 */
final class KubernetesSandboxProvider implements SandboxProvider, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KubernetesSandboxProvider.class);
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Set<String> ENDED_PHASES = Set.of("Succeeded", "Failed");

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final Workloads<? extends HasMetadata> workloads;
    private final SandboxObjects objects;
    private final PodEnvironment environment;
    /** One HTTP/WebSocket client stack for every agent this server talks to. */
    private final AgentTransport agents = new AgentTransport();
    /** The agent client of each sandbox this server has used, by id (dropped when the sandbox is killed). */
    private final Map<String, AgentClient> clients = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Agent secrets read back from their Secrets (a server that did not create a sandbox still serves it). */
    private final Map<String, AgentSecret> secrets = new ConcurrentHashMap<>();
    private final Set<String> refilling = ConcurrentHashMap.newKeySet();
    private final ExecutorService background = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("k8s-sandbox-pool-", 0).factory());
    private final ProviderStatus status;
    private volatile boolean closed;

    KubernetesSandboxProvider(KubernetesClient client, KubernetesSettings settings, PodEnvironment environment,
                              Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.environment = environment;
        this.objects = new SandboxObjects(settings, client.getKubernetesSerialization(), environment);
        this.workloads = Workloads.of(client, settings, objects);
        this.status = start();
    }

    /** Puts the shared NetworkPolicy in place and checks that the workload kind can be used here. */
    private ProviderStatus start() {
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
            object = claimWarm(spec.templateId(), claim).orElseGet(() -> createObjects(newId(), spec.templateId(), now, claim));
        } catch (KubernetesClientException e) {
            throw new SandboxUnavailableException("could not create a sandbox: " + workloads.describe(e));
        }
        refill(spec.templateId());
        String id = object.getMetadata().getName();
        awaitReady(id);
        return sandbox(object.getMetadata()).orElseThrow(() -> new SandboxGoneException(id));
    }

    /** Takes a ready, unowned sandbox of the template from the pool, if there is one. */
    private Optional<HasMetadata> claimWarm(String templateId, SandboxObjects.Claim claim) {
        List<? extends HasMetadata> warm = workloads.list(Map.of(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER,
                SandboxLabels.ROLE, SandboxLabels.ROLE_SANDBOX, SandboxLabels.STATE, SandboxLabels.WARM,
                SandboxLabels.TEMPLATE, SandboxLabels.templateValue(templateId)));
        List<? extends HasMetadata> oldestFirst = warm.stream()
                .filter(o -> templateId.equals(annotation(o.getMetadata(), SandboxLabels.TEMPLATE)))
                .sorted(Comparator.comparing(o -> o.getMetadata().getCreationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        for (HasMetadata candidate : oldestFirst) {
            if (!isReady(candidate.getMetadata().getName())) {
                continue;
            }
            Optional<HasMetadata> claimed = tryClaim(candidate, claim);
            if (claimed.isPresent()) {
                return claimed;
            }
        }
        return Optional.empty();
    }

    private Optional<HasMetadata> tryClaim(HasMetadata candidate, SandboxObjects.Claim claim) {
        try {
            HasMetadata claimed = workloads.claim(candidate, claim);
            log.debug("Claimed warm sandbox {}", claimed.getMetadata().getName());
            return Optional.of(claimed);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return Optional.empty(); // another server took it first, or it went away
            }
            throw e;
        }
    }

    /** Creates a sandbox's object, then its Secret owned by it (so the cluster removes both together). */
    private HasMetadata createObjects(String id, String templateId, Instant now, SandboxObjects.Claim claim) {
        ObjectMeta metadata = objects.metadata(id, templateId, now, claim);
        HasMetadata created = workloads.create(metadata, claim == null ? null : claim.expiresAt());
        try {
            AgentSecret secret = AgentSecret.generate();
            client.secrets().inNamespace(settings.namespace()).resource(objects.secret(id, created, secret.hex())).create();
            secrets.put(id, secret);
            return created;
        } catch (KubernetesClientException e) {
            workloads.delete(id);
            throw e;
        }
    }

    /**
     * Waits on a watch of the sandbox's pod until it is ready (or ended), then until its agent answers; a sandbox that
     * does not start is removed. The pod's readiness probe is the agent's port, and the agent reads its secret before
     * it listens, so the first health call normally succeeds; should it not, the next try waits for the pod's next
     * change (its probe runs every second) rather than on a timer of its own.
     */
    private void awaitReady(String id) {
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        try {
            Optional<Pod> pod = workloads.awaitPod(id, p -> ready(p) || ended(p), settings.startupTimeout());
            while (pod.isPresent()) {
                if (ended(pod.get())) {
                    kill(id);
                    throw new SandboxUnavailableException("sandbox pod " + id + " ended before it was ready ("
                            + pod.get().getStatus().getPhase() + ")");
                }
                if (ready(pod.get()) && agent(id).answers()) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                String seen = pod.get().getMetadata().getResourceVersion();
                workloads.awaitPod(id, p -> !java.util.Objects.equals(seen, p.getMetadata().getResourceVersion()),
                        Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos())));
                pod = workloads.pod(id);
                if (pod.isPresent() && !ready(pod.get()) && !ended(pod.get())) {
                    pod = workloads.awaitPod(id, p -> ready(p) || ended(p),
                            Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                }
            }
        } catch (KubernetesClientException e) {
            kill(id);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new SandboxUnavailableException("interrupted while waiting for sandbox " + id);
            }
            throw new SandboxUnavailableException("could not watch sandbox pod " + id + ": " + workloads.describe(e));
        }
        kill(id);
        throw new SandboxUnavailableException("sandbox pod " + id + " was not ready within "
                + settings.startupTimeout().toSeconds() + " s (image pull, scheduling or the agent); it was removed");
    }

    /** Tops the template's pool up to {@code warm-pool} in the background, one refill per template at a time. */
    void refill(String templateId) {
        if (settings.warmPool() <= 0 || closed || !refilling.add(templateId)) {
            return;
        }
        background.submit(() -> {
            try {
                List<? extends HasMetadata> warm = workloads.list(Map.of(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER,
                        SandboxLabels.STATE, SandboxLabels.WARM, SandboxLabels.TEMPLATE, SandboxLabels.templateValue(templateId)));
                int waiting = 0;
                for (HasMetadata object : warm) {
                    String id = object.getMetadata().getName();
                    if (workloads.pod(id).filter(KubernetesSandboxProvider::ended).isPresent()) {
                        kill(id); // a pooled pod that died is replaced, never handed out
                    } else {
                        waiting++;
                    }
                }
                for (int i = waiting; i < settings.warmPool() && !closed; i++) {
                    createObjects(newId(), templateId, clock.instant(), null);
                }
            } catch (RuntimeException e) {
                log.warn("Could not refill the Kubernetes warm pool of {}: {}", templateId, e.getMessage());
            } finally {
                refilling.remove(templateId);
            }
        });
    }

    /** The number of unclaimed sandboxes of a template in the cluster (for tests and health). */
    int warmCount(String templateId) {
        return workloads.list(Map.of(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER, SandboxLabels.STATE, SandboxLabels.WARM,
                SandboxLabels.TEMPLATE, SandboxLabels.templateValue(templateId))).size();
    }

    boolean refilling(String templateId) {
        return refilling.contains(templateId);
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
                forget(id);
                throw new SandboxGoneException(id, "its pod was deleted");
            }
            pod = workloads.pod(id).orElse(null);
        } catch (KubernetesClientException e) {
            throw new SandboxUnavailableException("could not look up sandbox " + id + ": " + workloads.describe(e));
        }
        if (pod != null && ended(pod)) {
            forget(id);
            throw new SandboxGoneException(id, "its pod ended (" + pod.getStatus().getPhase() + ")");
        }
        String ip = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip != null && !ip.isBlank() && !ip.equals(endpoint.host())) {
            forget(id);
            throw new SandboxGoneException(id, "its pod was replaced (its home was lost)");
        }
        AgentSecret secret = AgentSecret.fromHex(record.agent().secret());
        secrets.put(id, secret);
        clients.compute(id, (key, known) -> {
            if (known != null && known.endpoint().equals(endpoint)) {
                return known;
            }
            if (known != null) {
                known.close();
            }
            return new AgentClient(endpoint, secret, agents, () -> new SandboxGoneException(key, "its agent stopped answering"));
        });
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

    private void forget(String sandboxId) {
        secrets.remove(sandboxId);
        AgentClient agent = clients.remove(sandboxId);
        if (agent != null) {
            agent.close();
        }
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
        return workloads.get(sandboxId).flatMap(o -> sandbox(o.getMetadata()));
    }

    @Override
    public List<Sandbox> listByOwner(String ownerId) {
        Map<String, String> selector = claimedSelector();
        selector.put(SandboxLabels.OWNER_HASH, SandboxLabels.ownerHash(ownerId));
        return sandboxes(selector).stream().filter(s -> s.ownerId().equals(ownerId)).toList();
    }

    @Override
    public List<Sandbox> listAll() {
        if (!status.available()) {
            return List.of();
        }
        return sandboxes(claimedSelector());
    }

    private Map<String, String> claimedSelector() {
        Map<String, String> selector = new HashMap<>();
        selector.put(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER);
        selector.put(SandboxLabels.ROLE, SandboxLabels.ROLE_SANDBOX);
        selector.put(SandboxLabels.STATE, SandboxLabels.CLAIMED);
        return selector;
    }

    private List<Sandbox> sandboxes(Map<String, String> selector) {
        return workloads.list(selector).stream().map(o -> sandbox(o.getMetadata())).flatMap(Optional::stream)
                .sorted(Comparator.comparing(Sandbox::createdAt)).toList();
    }

    /** The sandbox an object records, when it is a claimed one (a warm sandbox belongs to nobody yet). */
    private Optional<Sandbox> sandbox(ObjectMeta meta) {
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        if (!SandboxLabels.CLAIMED.equals(labels.get(SandboxLabels.STATE)) || meta.getDeletionTimestamp() != null) {
            return Optional.empty();
        }
        String owner = annotation(meta, SandboxLabels.OWNER_ANNOTATION);
        String template = annotation(meta, SandboxLabels.TEMPLATE);
        Instant created = instant(annotation(meta, SandboxLabels.CREATED_AT));
        Instant expires = instant(annotation(meta, SandboxLabels.EXPIRES_AT));
        if (owner == null || template == null || created == null || expires == null) {
            return Optional.empty(); // not a record this provider wrote
        }
        return Optional.of(new KubernetesSandbox(meta.getName(), owner, template, created, expires, this));
    }

    @Override
    public boolean kill(String sandboxId) {
        forget(sandboxId);
        try {
            boolean existed = workloads.delete(sandboxId);
            client.secrets().inNamespace(settings.namespace()).withName(SandboxLabels.secretName(sandboxId)).delete();
            return existed;
        } catch (KubernetesClientException e) {
            throw new SandboxUnavailableException("could not remove sandbox " + sandboxId + ": " + workloads.describe(e));
        }
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
            return workloads.pod(sandboxId).map(pod -> !ended(pod)).orElse(true);
        } catch (KubernetesClientException e) {
            return true; // an API hiccup is no proof of death: the reaper must not kill on it
        }
    }

    /**
     * The agent of a running sandbox, at its pod's IP. An agent that cannot be reached answers as a gone sandbox
     * (the reaper then finds its pod ended, or its object deleted).
     */
    AgentClient agent(String sandboxId) {
        Pod pod = workloads.pod(sandboxId).filter(p -> !ended(p) && p.getMetadata().getDeletionTimestamp() == null)
                .orElseThrow(() -> new SandboxGoneException(sandboxId));
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip == null || ip.isBlank()) {
            throw new SandboxUnavailableException("sandbox " + sandboxId + " has no address yet; try again shortly");
        }
        AgentEndpoint endpoint = new AgentEndpoint.Tcp(ip, settings.agentPort());
        return clients.compute(sandboxId, (id, known) -> {
            if (known != null && known.endpoint().equals(endpoint)) {
                return known;
            }
            if (known != null) {
                known.close();
            }
            return new AgentClient(endpoint, secret(id), agents, () -> new SandboxGoneException(id));
        });
    }

    /** Where the sandbox's agent answers and its secret, as the registry keeps them. */
    AgentAddress address(String sandboxId) {
        return new AgentAddress(agent(sandboxId).endpoint().describe(), secret(sandboxId).hex());
    }

    Duration commandTimeout() {
        return settings.commandTimeout();
    }

    long outputLimit() {
        return settings.outputLimit();
    }

    private AgentSecret secret(String sandboxId) {
        return secrets.computeIfAbsent(sandboxId, id -> {
            Secret secret = client.secrets().inNamespace(settings.namespace()).withName(SandboxLabels.secretName(id)).get();
            String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(SandboxLabels.SECRET_KEY);
            if (encoded == null) {
                throw new SandboxGoneException(id);
            }
            return AgentSecret.fromHex(new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII).trim());
        });
    }

    private boolean isReady(String sandboxId) {
        return workloads.pod(sandboxId).filter(KubernetesSandboxProvider::ready).isPresent();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getPodIP() != null && pod.getMetadata().getDeletionTimestamp() == null
                && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean ended(Pod pod) {
        return pod.getStatus() != null && ENDED_PHASES.contains(pod.getStatus().getPhase());
    }

    private void requireAvailable() {
        if (!status.available()) {
            throw new SandboxUnavailableException(status.unavailableReason());
        }
    }

    private String newId() {
        StringBuilder id = new StringBuilder("sbx");
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static String annotation(ObjectMeta meta, String key) {
        return meta.getAnnotations() == null ? null : meta.getAnnotations().get(key);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Stops refilling; pooled and live sandboxes stay in the cluster for the other servers (and this one's restart). */
    @Override
    public void close() {
        closed = true;
        background.shutdownNow();
        clients.values().forEach(AgentClient::close);
        agents.close();
    }
}
