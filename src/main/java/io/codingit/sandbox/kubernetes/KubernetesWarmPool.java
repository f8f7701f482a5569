package io.codingit.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The warm pool: ready, unowned sandboxes per template, shared by all servers. A claim is an optimistic update of
 * the object's labels, so two servers can never take the same one; this server tops a template's pool up in the
 * background after each of its claims.
 */
final class KubernetesWarmPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KubernetesWarmPool.class);

    private final KubernetesSettings settings;
    private final Workloads<? extends HasMetadata> workloads;
    private final PodStartup startup;
    private final PodRemoval removal;
    private final Clock clock;
    private final Set<String> refilling = ConcurrentHashMap.newKeySet();
    private final ExecutorService background = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("k8s-sandbox-pool-", 0).factory());
    private volatile boolean closed;

    KubernetesWarmPool(KubernetesSettings settings, Workloads<? extends HasMetadata> workloads, PodStartup startup,
                       PodRemoval removal, Clock clock) {
        this.settings = settings;
        this.workloads = workloads;
        this.startup = startup;
        this.removal = removal;
        this.clock = clock;
    }

    /** Takes a ready, unowned sandbox of the template from the pool, if there is one. */
    Optional<HasMetadata> claimWarm(String templateId, SandboxObjects.Claim claim) {
        List<? extends HasMetadata> warm = workloads.list(Map.of(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER,
                SandboxLabels.ROLE, SandboxLabels.ROLE_SANDBOX, SandboxLabels.STATE, SandboxLabels.WARM,
                SandboxLabels.TEMPLATE, SandboxLabels.templateValue(templateId)));
        List<? extends HasMetadata> oldestFirst = warm.stream()
                .filter(o -> templateId.equals(SandboxLabels.annotation(o.getMetadata(), SandboxLabels.TEMPLATE)))
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
                    if (workloads.pod(id).filter(PodStates::ended).isPresent()) {
                        removal.kill(id); // a pooled pod that died is replaced, never handed out
                    } else {
                        waiting++;
                    }
                }
                for (int i = waiting; i < settings.warmPool() && !closed; i++) {
                    startup.createObjects(startup.newId(), templateId, clock.instant(), null);
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

    private boolean isReady(String sandboxId) {
        return workloads.pod(sandboxId).filter(PodStates::ready).isPresent();
    }

    /** Stops refilling: no refill starts, and one under way stops before its next sandbox (its thread is interrupted). */
    @Override
    public void close() {
        closed = true;
        background.shutdownNow();
    }
}
