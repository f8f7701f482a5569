package io.codingit.preview.internal;

import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live previews by sandbox id. A preview whose sandbox died is removed (and its relay closed) the
 * moment it is looked up, so a killed or expired sandbox's preview is 404 at once.
 */
@Component
class PreviewRegistry {
    private final Map<String, Preview> bySandbox = new ConcurrentHashMap<>();

    void add(Preview preview) {
        forgetDead();
        Preview previous = bySandbox.put(preview.sandbox().id(), preview);
        if (previous != null) {
            previous.stop();
        }
    }

    /** The live preview of that sandbox and port, only when {@code secret} is its secret. */
    Optional<Preview> find(String sandboxId, int port, String secret) {
        Preview preview = bySandbox.get(sandboxId);
        if (preview == null) {
            return Optional.empty();
        }
        if (!preview.sandbox().isAlive()) {
            bySandbox.remove(sandboxId, preview);
            preview.stop();
            return Optional.empty();
        }
        boolean secretMatches = MessageDigest.isEqual(preview.secret().getBytes(StandardCharsets.US_ASCII),
                secret.getBytes(StandardCharsets.US_ASCII));
        return secretMatches && preview.port() == port ? Optional.of(preview) : Optional.empty();
    }

    private void forgetDead() {
        bySandbox.values().removeIf(preview -> {
            if (preview.sandbox().isAlive()) {
                return false;
            }
            preview.stop();
            return true;
        });
    }
}
