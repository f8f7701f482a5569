package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.agent.AgentClient;
import io.codingit.sandbox.agent.AgentEndpoint;
import io.codingit.sandbox.agent.AgentSecret;
import io.codingit.sandbox.agent.AgentTransport;
import io.codingit.sandbox.spi.AgentAddress;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reaching the agent in a sandbox's pod: the agent client of each sandbox this server has used, at its pod's IP, with
 * the agent's secret (read back from the sandbox's Secret when this server did not create it).
 */
final class PodAgents implements AutoCloseable {
    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final Workloads<? extends HasMetadata> workloads;
    /** One HTTP/WebSocket client stack for every agent this server talks to. */
    private final AgentTransport agents = new AgentTransport();
    /** The agent client of each sandbox this server has used, by id (dropped when the sandbox is killed). */
    private final Map<String, AgentClient> clients = new ConcurrentHashMap<>();
    /** Agent secrets read back from their Secrets (a server that did not create a sandbox still serves it). */
    private final Map<String, AgentSecret> secrets = new ConcurrentHashMap<>();

    PodAgents(KubernetesClient client, KubernetesSettings settings, Workloads<? extends HasMetadata> workloads) {
        this.client = client;
        this.settings = settings;
        this.workloads = workloads;
    }

    /** The secret of a sandbox this server has just created (and put in its Secret). */
    void remember(String sandboxId, AgentSecret secret) {
        secrets.put(sandboxId, secret);
    }

    /** Keeps a registry row's secret and the client of its agent at the row's endpoint. */
    void attach(String id, AgentEndpoint.Tcp endpoint, AgentSecret secret) {
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
    }

    void forget(String sandboxId) {
        secrets.remove(sandboxId);
        AgentClient agent = clients.remove(sandboxId);
        if (agent != null) {
            agent.close();
        }
    }

    /**
     * The agent of a running sandbox, at its pod's IP. An agent that cannot be reached answers as a gone sandbox
     * (the reaper then finds its pod ended, or its object deleted).
     */
    AgentClient agent(String sandboxId) {
        Pod pod = workloads.pod(sandboxId).filter(p -> !PodStates.ended(p) && p.getMetadata().getDeletionTimestamp() == null)
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

    @Override
    public void close() {
        clients.values().forEach(AgentClient::close);
        agents.close();
    }
}
