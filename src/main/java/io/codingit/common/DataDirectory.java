package io.codingit.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server's data directory ({@code codingit.data-dir}): the one owner of that setting. Features ask it
 * for a directory of their own instead of reading the key, so the default and the permissions are decided
 * once. Directories made here are private to the server's user (mode 700), because they hold keys and
 * databases; one already there with wider modes is tightened. The root itself is 711: others may pass
 * through it but not list it, because the sandbox user reaches the template cache below
 * {@code sandbox/} (docs/security.md, finding 8); every file the server keeps directly in it (the H2
 * database) is made 600 by {@link #securePrivateFiles()}.
 */
public record DataDirectory(Path root) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /** {@code <data-dir>/<name>}, created (mode 700) when missing, tightened to 700 when wider. */
    public Path featureDirectory(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a directory name: " + name);
        }
        Path dir = root.resolve(name);
        createRoot();
        create(dir, "rwx------");
        return dir;
    }

    /** Creates the root (mode 711) or tightens an existing one to it. */
    public void createRoot() {
        create(root, "rwx--x--x");
    }

    /** Regular files directly in the root (the H2 database and its trace file) lose every group and other permission. */
    public void securePrivateFiles() {
        if (!posix(root) || !Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                tighten(file, "rw-------");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot secure the files of the data directory " + root, e);
        }
    }

    private static void create(Path dir, String mode) {
        try {
            if (!Files.isDirectory(dir)) {
                if (posix(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            tighten(dir, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }

    /** Removes the permissions {@code mode} does not have (never adds any but those it names). */
    private static void tighten(Path path, String mode) throws IOException {
        if (!posix(path)) {
            return;
        }
        Set<PosixFilePermission> wanted = PosixFilePermissions.fromString(mode);
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (!current.equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
