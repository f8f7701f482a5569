package io.codingit.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Set;

/** What a sandbox pod's status says: ready to serve (its agent's port answers the probe), or ended for good. */
final class PodStates {
    private static final Set<String> ENDED_PHASES = Set.of("Succeeded", "Failed");

    private PodStates() {
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
}
