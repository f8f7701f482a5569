package io.codingit.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The object that is a sandbox in the cluster: a Pod ({@code mode: pod}) or an agent-sandbox {@code Sandbox}
 * resource whose controller makes a Pod of the same name ({@code mode: agent-sandbox}). Its labels and
 * annotations are the sandbox's record (owner, template, state, expiry).
 */
abstract sealed class Workloads<T extends HasMetadata> permits Workloads.Pods, Workloads.AgentSandboxes {
    final KubernetesClient client;
    final KubernetesSettings settings;
    final SandboxObjects objects;

    Workloads(KubernetesClient client, KubernetesSettings settings, SandboxObjects objects) {
        this.client = client;
        this.settings = settings;
        this.objects = objects;
    }

    static Workloads<?> of(KubernetesClient client, KubernetesSettings settings, SandboxObjects objects) {
        return switch (settings.mode()) {
            case POD -> new Pods(client, settings, objects);
            case AGENT_SANDBOX -> new AgentSandboxes(client, settings, objects);
        };
    }

    abstract MixedOperation<T, ? extends KubernetesResourceList<T>, Resource<T>> operation();

    /** The new object of a sandbox (not yet sent). */
    abstract T build(ObjectMeta metadata, Instant expiresAt);

    /** The Pod that runs the sandbox, once it exists. */
    abstract Optional<Pod> pod(String sandboxId);

    /**
     * Waits on a watch of the sandbox's Pod (in both modes it has the sandbox's name) until {@code condition} holds
     * for it: the Pod then, or empty when {@code timeout} ran out first. Nothing polls: the API server pushes changes.
     */
    Optional<Pod> awaitPod(String sandboxId, Predicate<Pod> condition, Duration timeout) {
        try {
            return Optional.of(client.pods().inNamespace(settings.namespace()).withName(sandboxId)
                    .waitUntilCondition(pod -> pod != null && condition.test(pod), Math.max(1, timeout.toMillis()),
                            TimeUnit.MILLISECONDS));
        } catch (KubernetesClientTimeoutException e) {
            return Optional.empty();
        }
    }

    /** Records the expiry on the object (and, for a {@code Sandbox}, as its controller's shutdown time). */
    abstract void applyExpiry(T object, Instant expiresAt);

    /** Moves the expiry of a sandbox in the cluster. */
    void setExpiry(String sandboxId, Instant expiresAt) {
        operation().inNamespace(settings.namespace()).withName(sandboxId).edit(object -> {
            applyExpiry(object, expiresAt);
            return object;
        });
    }

    /**
     * Takes a warm object for a user: its labels and annotations say who and until when. The replacement carries
     * the resource version that was read, so it fails with 409 when another server claimed it first.
     */
    @SuppressWarnings("unchecked")
    HasMetadata claim(HasMetadata warm, SandboxObjects.Claim claim) {
        T object = (T) warm;
        ObjectMetaBuilder meta = new ObjectMetaBuilder(object.getMetadata());
        claim.applyTo(meta);
        object.setMetadata(meta.build());
        applyExpiry(object, claim.expiresAt());
        return operation().inNamespace(settings.namespace()).resource(object).update();
    }

    /** Creates the object of a new sandbox. */
    HasMetadata create(ObjectMeta metadata, Instant expiresAt) {
        return operation().inNamespace(settings.namespace()).resource(build(metadata, expiresAt)).create();
    }

    /** Null when the kind can be used in the namespace, else why not (CRDs missing, no permission). */
    String unavailableReason() {
        try {
            operation().inNamespace(settings.namespace()).list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
            return null;
        } catch (KubernetesClientException e) {
            return describe(e);
        }
    }

    String describe(KubernetesClientException e) {
        return switch (e.getCode()) {
            case 401, 403 -> "the server's service account may not use " + kindName() + " in namespace "
                    + settings.namespace() + " (deploy/kubernetes/rbac.yaml)";
            case 0 -> "the Kubernetes API is unreachable: " + e.getMessage();
            default -> "the Kubernetes API answered " + e.getCode() + " for " + kindName() + " in namespace "
                    + settings.namespace();
        };
    }

    abstract String kindName();

    Optional<T> get(String sandboxId) {
        return Optional.ofNullable(operation().inNamespace(settings.namespace()).withName(sandboxId).get());
    }

    List<T> list(Map<String, String> labels) {
        return operation().inNamespace(settings.namespace()).withLabels(labels).list().getItems();
    }

    boolean delete(String sandboxId) {
        return !operation().inNamespace(settings.namespace()).withName(sandboxId).delete().isEmpty();
    }

    static void annotateExpiry(HasMetadata object, Instant expiresAt) {
        object.getMetadata().getAnnotations().put(SandboxLabels.EXPIRES_AT, expiresAt.toString());
    }

    static final class Pods extends Workloads<Pod> {
        Pods(KubernetesClient client, KubernetesSettings settings, SandboxObjects objects) {
            super(client, settings, objects);
        }

        @Override
        MixedOperation<Pod, ? extends KubernetesResourceList<Pod>, Resource<Pod>> operation() {
            return client.resources(Pod.class);
        }

        @Override
        Pod build(ObjectMeta metadata, Instant expiresAt) {
            return objects.pod(metadata);
        }

        @Override
        Optional<Pod> pod(String sandboxId) {
            return get(sandboxId);
        }

        @Override
        void applyExpiry(Pod pod, Instant expiresAt) {
            annotateExpiry(pod, expiresAt);
        }

        @Override
        String kindName() {
            return "pods";
        }
    }

    static final class AgentSandboxes extends Workloads<GenericKubernetesResource> {
        AgentSandboxes(KubernetesClient client, KubernetesSettings settings, SandboxObjects objects) {
            super(client, settings, objects);
        }

        @Override
        MixedOperation<GenericKubernetesResource, ? extends KubernetesResourceList<GenericKubernetesResource>,
                Resource<GenericKubernetesResource>> operation() {
            return client.genericKubernetesResources(SandboxObjects.sandboxDefinition(settings.sandboxApiVersion()));
        }

        @Override
        GenericKubernetesResource build(ObjectMeta metadata, Instant expiresAt) {
            return objects.sandboxResource(metadata, expiresAt);
        }

        /** The agent-sandbox controller names the Pod after its {@code Sandbox}. */
        @Override
        Optional<Pod> pod(String sandboxId) {
            return Optional.ofNullable(client.pods().inNamespace(settings.namespace()).withName(sandboxId).get());
        }

        @Override
        @SuppressWarnings("unchecked")
        void applyExpiry(GenericKubernetesResource sandbox, Instant expiresAt) {
            annotateExpiry(sandbox, expiresAt);
            Map<String, Object> spec = (Map<String, Object>) sandbox.getAdditionalProperties().get("spec");
            spec.put("shutdownTime", expiresAt.toString());
            spec.put("shutdownPolicy", "Delete");
        }

        @Override
        String kindName() {
            return "sandboxes." + settings.sandboxApiVersion().substring(0, settings.sandboxApiVersion().indexOf('/'));
        }

        @Override
        String describe(KubernetesClientException e) {
            if (e.getCode() == 404) {
                return "the kubernetes-sigs/agent-sandbox CRDs are not installed (no " + settings.sandboxApiVersion()
                        + " Sandbox resource in the cluster); install them or set codingit.sandbox.kubernetes.mode: pod";
            }
            return super.describe(e);
        }
    }
}
