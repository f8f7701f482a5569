package io.codingit.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The labels and annotations the provider puts on its objects; together they are a sandbox's record in the cluster. */
final class SandboxLabels {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "codingit";
    static final String ROLE = "codingit.io/role";
    static final String ROLE_SANDBOX = "sandbox";
    static final String SANDBOX_ID = "codingit.io/sandbox-id";
    static final String TEMPLATE = "codingit.io/template";
    /** {@code warm}: waiting in the pool, owned by nobody; {@code claimed}: a user's sandbox. */
    static final String STATE = "codingit.io/state";
    static final String WARM = "warm";
    static final String CLAIMED = "claimed";
    /** A hash of the owner id (ids need not be valid label values); the id itself is in {@link #OWNER_ANNOTATION}. */
    static final String OWNER_HASH = "codingit.io/owner-hash";

    static final String OWNER_ANNOTATION = "codingit.io/owner";
    static final String CREATED_AT = "codingit.io/created-at";
    static final String EXPIRES_AT = "codingit.io/expires-at";

    /** The key of the agent's secret in the sandbox's Kubernetes Secret. */
    static final String SECRET_KEY = "agent-secret";

    private SandboxLabels() {
    }

    static String ownerHash(String ownerId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ownerId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A template id as a label value: itself when it is one, else a hash (the annotation-free lookup stays exact). */
    static String templateValue(String templateId) {
        return templateId.matches("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?") ? templateId : "h-" + ownerHash(templateId);
    }

    static String secretName(String sandboxId) {
        return sandboxId + "-agent";
    }

    /** One of the provider's annotations on an object, or null. */
    static String annotation(ObjectMeta meta, String key) {
        return meta.getAnnotations() == null ? null : meta.getAnnotations().get(key);
    }
}
