package io.codingit.sandbox.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The sandbox's {@code /home/user}. As root: a kernel overlay whose lower layer is the template home and
 * whose upper layer lives on a per-sandbox tmpfs of {@code homeSize} (the size limit). Elsewhere: a plain
 * copy of the template home, without a size limit.
 */
final class HomeLayer {
    private static final Logger log = LoggerFactory.getLogger(HomeLayer.class);

    private final boolean overlay;
    private final long homeSizeBytes;
    private final int uid;
    private final String unavailableReason;

    private HomeLayer(boolean overlay, long homeSizeBytes, int uid, String unavailableReason) {
        this.overlay = overlay;
        this.homeSizeBytes = homeSizeBytes;
        this.uid = uid;
        this.unavailableReason = unavailableReason;
    }

    /** Tries an overlay mount in {@code probeDir}; falls back to copies when it fails. */
    static HomeLayer detect(Path probeDir, long homeSizeBytes, int uid, boolean root) {
        if (!root) {
            return new HomeLayer(false, homeSizeBytes, uid, "the server does not run as root (no overlay or tmpfs mounts)");
        }
        HomeLayer candidate = new HomeLayer(true, homeSizeBytes, uid, null);
        Path lower = probeDir.resolve("lower");
        try {
            Files.createDirectories(lower);
            candidate.create(probeDir.resolve("probe"), lower);
            candidate.remove(probeDir.resolve("probe"));
            deleteTree(probeDir);
            return candidate;
        } catch (RuntimeException | IOException e) {
            candidate.remove(probeDir.resolve("probe"));
            return new HomeLayer(false, homeSizeBytes, uid, "overlay mount failed: " + e.getMessage());
        }
    }

    boolean isOverlay() {
        return overlay;
    }

    String description() {
        return overlay ? "overlay over the template home, upper layer on a size-limited tmpfs" : "copy of the template home";
    }

    /** Null when the size limit applies. */
    String unappliedReason() {
        return overlay ? null : "home size: " + unavailableReason;
    }

    /** Makes {@code sandboxDir/home} ready; returns it. */
    Path create(Path sandboxDir, Path templateHome) {
        return create(sandboxDir, templateHome, null);
    }

    /**
     * Makes {@code sandboxDir/home} ready, with what {@link #save} wrote restored over the template home when
     * {@code savedLayer} is not null (a resume); returns it.
     */
    Path create(Path sandboxDir, Path templateHome, Path savedLayer) {
        Path home = sandboxDir.resolve("home");
        try {
            Files.createDirectories(home);
            if (!overlay) {
                if (savedLayer != null) {
                    // without an overlay the saved layer is the whole home
                    extract(savedLayer, home);
                } else {
                    copyTree(templateHome, home);
                }
                return home;
            }
            Path layer = sandboxDir.resolve("layer");
            Files.createDirectories(layer);
            mount("-t", "tmpfs", "-o", "size=" + homeSizeBytes + ",mode=0700,nosuid,nodev", "tmpfs", layer.toString());
            Path upper = Files.createDirectories(layer.resolve("upper"));
            Files.createDirectories(layer.resolve("work"));
            chown(upper);
            if (savedLayer != null) {
                // the upper layer as it was, whiteouts and opaque directories included, before the overlay exists
                extract(savedLayer, upper);
            }
            mount("-t", "overlay", "-o", "lowerdir=" + templateHome + ",upperdir=" + upper + ",workdir="
                    + layer.resolve("work"), "overlay", home.toString());
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The directory that holds what a sandbox changed in its home: the overlay's upper layer (its files, and the
     * whiteouts and opaque-directory marks that record deletions), or without an overlay the whole home.
     */
    Path changedLayer(Path sandboxDir) {
        return overlay ? sandboxDir.resolve("layer").resolve("upper") : sandboxDir.resolve("home");
    }

    /** Extended attributes a saved layer keeps: overlay's deletion marks and the sandbox's own user attributes. */
    private static final List<String> XATTRS = List.of("--xattrs", "--xattrs-include=trusted.overlay.opaque",
            "--xattrs-include=trusted.overlay.whiteout", "--xattrs-include=user.*");

    /**
     * Writes the sandbox's changed layer to {@code target} (a tar, GNU format: contents, modes, owners as numbers,
     * modification times, symbolic links as links, empty directories, sparse files, the overlay's whiteouts).
     *
     * @throws IOException with tar's message when it fails (the caller removes the partial file)
     */
    void save(Path sandboxDir, Path target) throws IOException {
        List<String> argv = new ArrayList<>(List.of("tar", "--create", "--format=gnu", "--sparse", "--numeric-owner",
                "--file=" + target, "--directory=" + changedLayer(sandboxDir)));
        argv.addAll(XATTRS);
        argv.add(".");
        HostCommands.Result r = HostCommands.run(argv);
        if (!r.ok()) {
            throw new IOException(r.output().strip());
        }
    }

    private static void extract(Path savedLayer, Path into) throws IOException {
        List<String> argv = new ArrayList<>(List.of("tar", "--extract", "--numeric-owner", "--same-permissions",
                "--file=" + savedLayer, "--directory=" + into));
        argv.addAll(XATTRS);
        HostCommands.Result r = HostCommands.run(argv);
        if (!r.ok()) {
            throw new IOException("the saved home could not be restored: " + r.output().strip());
        }
    }

    /** Bytes under {@code dir} (regular files' sizes plus a block per entry), without following links: an estimate. */
    static long sizeOf(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += 512 + (attrs.isRegularFile() ? attrs.size() : 0);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    total[0] += 512;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }

    /** Unmounts whatever is mounted under {@code sandboxDir} (deepest first) and deletes it. */
    void remove(Path sandboxDir) {
        for (String mountPoint : mountsUnder(sandboxDir)) {
            HostCommands.Result r = HostCommands.run("umount", mountPoint);
            if (!r.ok()) {
                HostCommands.Result lazy = HostCommands.run("umount", "-l", mountPoint);
                if (!lazy.ok()) {
                    log.warn("could not unmount {}: {}", mountPoint, lazy.output());
                }
            }
        }
        if (!mountsUnder(sandboxDir).isEmpty()) {
            log.warn("mounts remain under {}; leaving the directory in place", sandboxDir);
            return;
        }
        try {
            deleteTree(sandboxDir);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", sandboxDir, e.getMessage());
        }
    }

    /** Mount points at or below {@code dir}, deepest first (from /proc/self/mountinfo). */
    static List<String> mountsUnder(Path dir) {
        String prefix = dir.toAbsolutePath().normalize().toString();
        List<String> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    String mountPoint = fields[4].replace("\\040", " ");
                    if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
                        found.add(mountPoint);
                    }
                }
            }
        } catch (IOException ignored) {
            return List.of();
        }
        found.sort(Comparator.comparingInt(String::length).reversed());
        return found;
    }

    private void chown(Path path) {
        HostCommands.Result r = HostCommands.run("chown", uid + ":" + uid, path.toString());
        if (!r.ok()) {
            throw new IllegalStateException("chown " + path + " failed: " + r.output());
        }
    }

    private static void mount(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("mount");
        argv.addAll(List.of(args));
        HostCommands.Result r = HostCommands.run(argv);
        if (!r.ok()) {
            throw new IllegalStateException("mount failed: " + r.output());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS, StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a tree without following symbolic links (a sandbox may have planted some). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
