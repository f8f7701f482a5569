package io.codingit.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/**
 * The server's data directory ({@code codingit.data-dir}): the one owner of that setting. Features ask it
 * for a directory of their own instead of reading the key, so the default and the permissions are decided
 * once. Directories made here are private to the server's user (mode 700), because they hold keys and
 * databases.
 */
public record DataDirectory(Path root) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /** {@code <data-dir>/<name>}, created (mode 700) when missing. */
    public Path featureDirectory(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a directory name: " + name);
        }
        Path dir = root.resolve(name);
        createPrivate(root);
        createPrivate(dir);
        return dir;
    }

    private static void createPrivate(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return;
            }
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }
}
