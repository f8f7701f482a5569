package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.agent.AgentSecret;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Creates a sandbox's objects (for a user, or for the warm pool) and waits until its pod's agent answers. */
final class PodStartup {
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final Workloads<? extends HasMetadata> workloads;
    private final SandboxObjects objects;
    private final PodAgents agents;
    private final PodRemoval removal;
    private final SecureRandom random = new SecureRandom();

    PodStartup(KubernetesClient client, KubernetesSettings settings, Workloads<? extends HasMetadata> workloads,
               SandboxObjects objects, PodAgents agents, PodRemoval removal) {
        this.client = client;
        this.settings = settings;
        this.workloads = workloads;
        this.objects = objects;
        this.agents = agents;
        this.removal = removal;
    }

    String newId() {
        StringBuilder id = new StringBuilder("sbx");
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    /** Creates a sandbox's object, then its Secret owned by it (so the cluster removes both together). */
    HasMetadata createObjects(String id, String templateId, Instant now, SandboxObjects.Claim claim) {
        ObjectMeta metadata = objects.metadata(id, templateId, now, claim);
        HasMetadata created = workloads.create(metadata, claim == null ? null : claim.expiresAt());
        try {
            AgentSecret secret = AgentSecret.generate();
            client.secrets().inNamespace(settings.namespace()).resource(objects.secret(id, created, secret.hex())).create();
            agents.remember(id, secret);
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
    void awaitReady(String id) {
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        try {
            Optional<Pod> pod = workloads.awaitPod(id, p -> PodStates.ready(p) || PodStates.ended(p), settings.startupTimeout());
            while (pod.isPresent()) {
                if (PodStates.ended(pod.get())) {
                    removal.kill(id);
                    throw new SandboxUnavailableException("sandbox pod " + id + " ended before it was ready ("
                            + pod.get().getStatus().getPhase() + ")");
                }
                if (PodStates.ready(pod.get()) && agents.agent(id).answers()) {
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
                if (pod.isPresent() && !PodStates.ready(pod.get()) && !PodStates.ended(pod.get())) {
                    pod = workloads.awaitPod(id, p -> PodStates.ready(p) || PodStates.ended(p),
                            Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                }
            }
        } catch (KubernetesClientException e) {
            removal.kill(id);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new SandboxUnavailableException("interrupted while waiting for sandbox " + id);
            }
            throw new SandboxUnavailableException("could not watch sandbox pod " + id + ": " + workloads.describe(e));
        }
        removal.kill(id);
        throw new SandboxUnavailableException("sandbox pod " + id + " was not ready within "
                + settings.startupTimeout().toSeconds() + " s (image pull, scheduling or the agent); it was removed");
    }
}
