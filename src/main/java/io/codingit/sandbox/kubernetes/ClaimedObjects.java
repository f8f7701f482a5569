package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.spi.Sandbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users' sandboxes as the cluster records them: the claimed objects of the namespace, read back from their labels
 * and annotations (owner, template, created, expiry); the warm pool's objects belong to nobody and are not among them.
 */
final class ClaimedObjects {
    private final Workloads<? extends HasMetadata> workloads;
    /** The provider the handles report to. */
    private final KubernetesSandboxProvider provider;

    ClaimedObjects(Workloads<? extends HasMetadata> workloads, KubernetesSandboxProvider provider) {
        this.workloads = workloads;
        this.provider = provider;
    }

    List<Sandbox> byOwner(String ownerId) {
        Map<String, String> selector = claimedSelector();
        selector.put(SandboxLabels.OWNER_HASH, SandboxLabels.ownerHash(ownerId));
        return sandboxes(selector).stream().filter(s -> s.ownerId().equals(ownerId)).toList();
    }

    List<Sandbox> all() {
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
    Optional<Sandbox> sandbox(ObjectMeta meta) {
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        if (!SandboxLabels.CLAIMED.equals(labels.get(SandboxLabels.STATE)) || meta.getDeletionTimestamp() != null) {
            return Optional.empty();
        }
        String owner = SandboxLabels.annotation(meta, SandboxLabels.OWNER_ANNOTATION);
        String template = SandboxLabels.annotation(meta, SandboxLabels.TEMPLATE);
        Instant created = instant(SandboxLabels.annotation(meta, SandboxLabels.CREATED_AT));
        Instant expires = instant(SandboxLabels.annotation(meta, SandboxLabels.EXPIRES_AT));
        if (owner == null || template == null || created == null || expires == null) {
            return Optional.empty(); // not a record this provider wrote
        }
        return Optional.of(new KubernetesSandbox(meta.getName(), owner, template, created, expires, provider));
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
