package io.codingit.sandbox.local;

import io.codingit.sandbox.spi.SandboxFiles;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** A sandbox's files, each call passed through the sandbox's liveness check (a dead sandbox is gone). */
final class GoneAwareFiles implements SandboxFiles {
    /** Runs a call against the sandbox, turning a dead sandbox into the SPI's gone exception. */
    interface Guard {
        <T> T call(Supplier<T> call);
    }

    private final SandboxFiles files;
    private final Guard guard;

    GoneAwareFiles(SandboxFiles files, Guard guard) {
        this.files = files;
        this.guard = guard;
    }

    @Override
    public List<FileNode> tree(String directory, Set<String> skipNames) {
        return guard.call(() -> files.tree(directory, skipNames));
    }

    @Override
    public byte[] read(String path, long maxBytes) {
        return guard.call(() -> files.read(path, maxBytes));
    }

    @Override
    public void write(String path, byte[] content) {
        guard.call(() -> {
            files.write(path, content);
            return null;
        });
    }

    @Override
    public boolean isDirectory(String path) {
        return guard.call(() -> files.isDirectory(path));
    }

    @Override
    public String normalize(String path) {
        return files.normalize(path);
    }
}
