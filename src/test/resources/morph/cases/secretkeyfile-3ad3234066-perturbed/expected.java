package io.codingit.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random key kept in a file of the data directory (base64, mode 600) for features whose key was
 * not configured: generated once, then read back on every start so that whatever it protects
 * survives restarts. Written to a private temporary file first and moved into place, so no reader
 * ever sees half a key.
 */
public final class SecretKeyFile {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(SecretKeyFile.class);

    private SecretKeyFile() {
    }

    /**
     * The key in {@code file}, created with {@code length} random bytes when the file is absent.
     *
     * @param what names the key in error messages, e.g. "GitHub token encryption key"
     * @throws IllegalStateException if the stored key has the wrong length
     */
    public static byte[] readOrCreate(Path file, int length, String what) {
        try {
            if (!Files.exists(file)) {
                create(file, length);
                log.info("Generated a new {} in {}", what, file);
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length != length) {
                throw new IllegalStateException("The " + what + " in " + file + " has " + key.length
                        + " bytes instead of " + length);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the " + what + " in " + file, e);
        }
    }

    private static void create(Path file, int length) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        byte[] key = new byte[length];
        RANDOM.nextBytes(key);
        Files.writeString(tmp, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
