package io.codingit.github.internal;

import io.codingit.common.DataDirectory;
import io.codingit.common.SecretKeyFile;
import org.springframework.stereotype.Component;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts GitHub tokens at rest with AES-256-GCM. Each value gets a fresh 96-bit nonce, and the
 * owner's user id is bound in as associated data, so a ciphertext copied to another user's row
 * does not decrypt. Stored form: {@code v1:<base64(nonce || ciphertext+tag)>}.
 */
@Component
class TokenCipher {
    static final int KEY_BYTES = 32;
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    TokenCipher(GitHubProperties properties, DataDirectory dataDirectory) {
        byte[] bytes = GitHubProperties.hasText(properties.tokenEncryptionKey())
                ? configured(properties.tokenEncryptionKey())
                : SecretKeyFile.readOrCreate(dataDirectory.featureDirectory("github").resolve("token-encryption-key"), KEY_BYTES,
                "GitHub token encryption key");
        this.key = new SecretKeySpec(bytes, "AES");
    }

    String encrypt(String token, String userId) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, userId);
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws UndecryptableTokenException if the key changed or the value was tampered with or moved */
    String decrypt(String stored, String userId) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new UndecryptableTokenException();
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            if (all.length <= NONCE_BYTES) {
                throw new UndecryptableTokenException();
            }
            byte[] nonce = java.util.Arrays.copyOf(all, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, userId);
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new UndecryptableTokenException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String userId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] configured(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("codingit.github.token-encryption-key (CODINGIT_GITHUB_TOKEN_ENCRYPTION_KEY)"
                    + " must be base64", e);
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException("codingit.github.token-encryption-key (CODINGIT_GITHUB_TOKEN_ENCRYPTION_KEY)"
                    + " must decode to " + KEY_BYTES + " bytes; it has " + bytes.length);
        }
        return bytes;
    }

    /** A stored token that cannot be read back: the key was changed or the row altered. */
    static final class UndecryptableTokenException extends RuntimeException {
        UndecryptableTokenException() {
            super("stored GitHub token cannot be decrypted");
        }
    }
}
