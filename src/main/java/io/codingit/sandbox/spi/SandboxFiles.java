package io.codingit.sandbox.spi;

import java.util.List;
import java.util.Set;

/**
 * File access confined to the sandbox's {@code /home/user}. Paths are absolute inside the sandbox
 * ({@code /home/user/app.py}) or relative to the home. A path that leaves the home, including through a
 * symbolic link the sandbox planted, raises {@link SandboxPathException}.
 */
public interface SandboxFiles {
    /** The tree under {@code directory} (the home when null), skipping the named directories' contents. */
    List<FileNode> tree(String directory, Set<String> skipNames);

    /** A regular file's bytes, at most {@code maxBytes} (more raises {@link SandboxPathException}). */
    byte[] read(String path, long maxBytes);

    /** Creates or replaces a regular file, creating missing parent directories. */
    void write(String path, byte[] content);

    /** Whether {@code path} is an existing directory inside the home (symbolic links resolved inside). */
    boolean isDirectory(String path);

    /** The sandbox-absolute form of {@code path}, or {@link SandboxPathException} when it leaves the home. */
    String normalize(String path);

    /** One entry of a tree: {@code path} is sandbox-absolute; {@code children} is null for files. */
    record FileNode(String name, String path, boolean isDirectory, List<FileNode> children) {
    }
}
