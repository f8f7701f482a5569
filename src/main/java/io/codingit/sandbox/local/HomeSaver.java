package io.codingit.sandbox.local;

import io.codingit.sandbox.spi.HomeSaveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a sandbox's changed home layer for a pause, holding the sandbox's processes while it does. */
final class HomeSaver {
    private static final Logger log = LoggerFactory.getLogger(HomeSaver.class);

    private final Cgroups cgroups;
    private final HomeLayer homeLayer;

    HomeSaver(Cgroups cgroups, HomeLayer homeLayer) {
        this.cgroups = cgroups;
        this.homeLayer = homeLayer;
    }

    /**
     * Holds every process of the sandbox (SIGSTOP through its cgroups) when {@code own} and writes its changed layer
     * with tar. On success they stay held until the sandbox is destroyed; on failure they go on and nothing remains at
     * {@code target}.
     *
     * @param own whether this server started the sandbox (else its cgroups are another server's, and it is saved
     *            without holding it)
     */
    void save(String sandboxId, Path sandboxDir, Path target, boolean own) {
        if (own) {
            cgroups.holdAll(sandboxId, true);
        }
        try {
            homeLayer.save(sandboxDir, target);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // the caller's temporary file; it removes what is left
            }
            if (own) {
                cgroups.holdAll(sandboxId, false);
            }
            log.warn("Sandbox {}: saving its home failed: {}", sandboxId, e.getMessage());
            throw new HomeSaveException("the home of sandbox " + sandboxId + " could not be saved ("
                    + (diskFull(e.getMessage(), target) ? "the server's disk is full"
                    : "the archive could not be written") + "); it keeps running and nothing was kept", e);
        }
    }

    /** An estimate of the bytes a save writes: the size of what the sandbox changed in its home. */
    long changedBytes(Path sandboxDir) {
        return HomeLayer.sizeOf(homeLayer.changedLayer(sandboxDir));
    }

    /** tar's words for a short write, or a file system with (nearly) no room left where the save went. */
    private static boolean diskFull(String tarMessage, Path target) {
        String message = String.valueOf(tarMessage);
        if (message.contains("No space left on device") || message.contains("Wrote only")) {
            return true;
        }
        try {
            return Files.getFileStore(target.getParent()).getUsableSpace() < 1024 * 1024;
        } catch (IOException e) {
            return false;
        }
    }
}
