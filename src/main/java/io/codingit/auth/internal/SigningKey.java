package io.codingit.auth.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The HS256 key of our access tokens: {@code codingit.auth.jwt-secret} when set (several instances
 * must share it), else a random key generated once and kept in {@code <data-dir>/auth/jwt-signing-key}
 * (mode 600) so that sessions survive restarts.
 */
@Component
class SigningKey {
    static final int MIN_BYTES = 32;
    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    private final byte[] key;
    private final String keyId;

    SigningKey(AuthProperties properties, @Value("${codingit.data-dir:./data}") Path dataDir) {
        this.key = AuthProperties.hasText(properties.jwtSecret())
                ? configured(properties.jwtSecret())
                : stored(dataDir.resolve("auth").resolve("jwt-signing-key"));
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
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] bytes = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (bytes.length < MIN_BYTES) {
                throw new IllegalStateException("The signing key in " + file + " is shorter than " + MIN_BYTES
                        + " bytes; delete it to generate a new one (this signs everybody out)");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the JWT signing key in " + file, e);
        }
    }

    /** Written to a private temporary file first, then moved into place, so no reader sees half a key. */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, Base64.getEncoder().encodeToString(Secrets.randomBytes(MIN_BYTES)),
                StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        log.info("Generated a new JWT signing key in {}", file);
    }
}
