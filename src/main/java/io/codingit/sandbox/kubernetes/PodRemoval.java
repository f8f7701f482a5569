package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Removes a sandbox from the cluster (its object, hence its pod, and its Secret) and forgets its agent. */
final class PodRemoval {
    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final Workloads<? extends HasMetadata> workloads;
    private final PodAgents agents;

    PodRemoval(KubernetesClient client, KubernetesSettings settings, Workloads<? extends HasMetadata> workloads,
               PodAgents agents) {
        this.client = client;
        this.settings = settings;
        this.workloads = workloads;
        this.agents = agents;
    }

    /** Whether the sandbox's object existed. */
    boolean kill(String sandboxId) {
        agents.forget(sandboxId);
        try {
            boolean existed = workloads.delete(sandboxId);
            client.secrets().inNamespace(settings.namespace()).withName(SandboxLabels.secretName(sandboxId)).delete();
            return existed;
        } catch (KubernetesClientException e) {
            throw new SandboxUnavailableException("could not remove sandbox " + sandboxId + ": " + workloads.describe(e));
        }
    }
}
