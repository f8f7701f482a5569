package io.codingit.auth.internal;

import io.codingit.common.DataDirectory;
import io.codingit.common.SecretKeyFile;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The HS256 key of our access tokens: {@code codingit.auth.jwt-secret} when set (several instances
 * must share it), else a random key generated once and kept in {@code <data-dir>/auth/jwt-signing-key}
 * (mode 600) so that sessions survive restarts.
 */
@Component
class SigningKey {
    static final int MIN_BYTES = 32;

    private final byte[] key;
    private final String keyId;

    SigningKey(AuthProperties properties, DataDirectory dataDirectory) {
        this.key = AuthProperties.hasText(properties.jwtSecret())
                ? configured(properties.jwtSecret())
                : stored(dataDirectory.featureDirectory("auth").resolve("jwt-signing-key"));
        // Derived from the key, so every instance sharing the key agrees on it; a hash reveals nothing.
        this.keyId = "cit-" + HexFormat.of().formatHex(Secrets.sha256(key)).substring(0, 16);
    }

    byte[] bytes() {
        return key.clone();
    }

    String keyId() {
        return keyId;
    }

    private static byte[] configured(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new IllegalStateException("codingit.auth.jwt-secret (CODINGIT_AUTH_JWT_SECRET) must be at least "
                    + MIN_BYTES + " bytes; it is " + bytes.length);
        }
        return bytes;
    }

    private static byte[] stored(Path file) {
        return SecretKeyFile.readOrCreate(file, MIN_BYTES, "JWT signing key");
    }
}
