package io.codingit.sandbox.internal;

import io.codingit.common.DataDirectory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The saved homes of paused sandboxes: {@code <data-dir>/sandbox/paused/<sandbox id>.tar} (mode 0600, the directory
 * 0700). A save is written to {@code <id>.tar.partial} and renamed into place only once complete and synced, so a
 * failed or interrupted save never leaves a half-saved layer under the name a resume reads.
 */
@Component
class PausedHomes {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final DataDirectory dataDirectory;

    PausedHomes(DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    private Path directory() {
        Path dir = dataDirectory.featureDirectory("sandbox").resolve("paused");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Where a save is written first (removed first if a previous attempt left it). */
    Path partial(String sandboxId) {
        Path file = directory().resolve(checked(sandboxId) + ".tar.partial");
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The saved home of a paused sandbox. */
    Path saved(String sandboxId) {
        return directory().resolve(checked(sandboxId) + ".tar");
    }

    /** Syncs the complete save and renames it into place; returns its size and SHA-256. */
    Saved commit(String sandboxId) throws IOException {
        Path partial = directory().resolve(checked(sandboxId) + ".tar.partial");
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        Saved saved = new Saved(Files.size(partial), sha256(partial));
        try {
            Files.move(partial, saved(sandboxId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, saved(sandboxId), StandardCopyOption.REPLACE_EXISTING);
        }
        return saved;
    }

    /** Whether the saved home is there and has the checksum recorded at the pause. */
    boolean intact(String sandboxId, String expectedSha256) {
        Path file = saved(sandboxId);
        try {
            return expectedSha256 != null && Files.isRegularFile(file) && sha256(file).equals(expectedSha256);
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the saved home (and any partial save) of a sandbox. */
    void delete(String sandboxId) {
        try {
            Files.deleteIfExists(saved(sandboxId));
            Files.deleteIfExists(directory().resolve(checked(sandboxId) + ".tar.partial"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether anything of the sandbox's saved home is on disk (tests: a deleted sandbox leaves nothing). */
    boolean exists(String sandboxId) {
        return Files.exists(saved(sandboxId)) || Files.exists(directory().resolve(checked(sandboxId) + ".tar.partial"));
    }

    record Saved(long bytes, String sha256) {
    }

    private static String checked(String sandboxId) {
        if (sandboxId == null || !SAFE_ID.matcher(sandboxId).matches()) {
            throw new IllegalArgumentException("not a sandbox id");
        }
        return sandboxId;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
