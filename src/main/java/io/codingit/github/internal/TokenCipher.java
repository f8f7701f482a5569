package io.codingit.github.internal;

import io.codingit.common.DataDirectory;
import io.codingit.common.SecretCipher;
import org.springframework.stereotype.Component;

/**
 * Encrypts GitHub tokens at rest ({@link SecretCipher}: AES-256-GCM, the owner's user id bound in as
 * associated data, so a ciphertext copied to another user's row does not decrypt).
 */
@Component
class TokenCipher {
    static final int KEY_BYTES = SecretCipher.KEY_BYTES;

    private final SecretCipher cipher;

    TokenCipher(GitHubProperties properties, DataDirectory dataDirectory) {
        this.cipher = SecretCipher.of(properties.tokenEncryptionKey(),
                "codingit.github.token-encryption-key (CODINGIT_GITHUB_TOKEN_ENCRYPTION_KEY)",
                () -> dataDirectory.featureDirectory("github").resolve("token-encryption-key"), "GitHub token encryption key");
    }

    String encrypt(String token, String userId) {
        return cipher.encrypt(token, userId);
    }

    /** @throws UndecryptableTokenException if the key changed or the value was tampered with or moved */
    String decrypt(String stored, String userId) {
        try {
            return cipher.decrypt(stored, userId);
        } catch (SecretCipher.UndecryptableException e) {
            throw new UndecryptableTokenException();
        }
    }

    /** A stored token that cannot be read back: the key was changed or the row altered. */
    static final class UndecryptableTokenException extends RuntimeException {
        UndecryptableTokenException() {
            super("stored GitHub token cannot be decrypted");
        }
    }
}
