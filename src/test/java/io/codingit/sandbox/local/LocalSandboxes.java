package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.support.Prerequisites;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Providers for tests that need no server: small limits so that escapes fail fast. */
final class LocalSandboxes {
    private LocalSandboxes() {
    }

    static SandboxProperties properties(SandboxProperties.Egress egress, String bwrap) {
        return properties(egress, bwrap, SandboxProperties.Isolation.defaults());
    }

    static SandboxProperties properties(SandboxProperties.Egress egress, String bwrap, SandboxProperties.Isolation isolation) {
        return new SandboxProperties("", 61000, bwrap, "pasta", egress, Duration.ofMinutes(10), Duration.ofHours(1), 5,
                Duration.ofSeconds(10), DataSize.ofMegabytes(1), DataSize.ofMegabytes(256), 64, 1.0,
                DataSize.ofMegabytes(64), Duration.ofSeconds(1), 0, isolation);
    }

    static Path newDataDir() {
        try {
            return Files.createTempDirectory("codingit-sbx-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LocalSandboxProvider provider(SandboxProperties properties, Path dataDir) {
        return new LocalSandboxProvider(properties, dataDir, Clock.systemUTC());
    }

    /** A provider whose close leaves its sandboxes running, as a server's does (keep-on-shutdown). */
    static LocalSandboxProvider keepingProvider(SandboxProperties properties, Path dataDir) {
        return new LocalSandboxProvider(properties, dataDir, Clock.systemUTC(),
                new io.codingit.sandbox.egress.SandboxEnvironment(properties.egress(), null), null, true);
    }

    /** Skips the calling test visibly when this host cannot run real sandboxes. */
    static void assumeSandboxHost() {
        Prerequisites.require(HostCommands.exists("bwrap"), "bubblewrap is not installed", Prerequisites.SANDBOX_PACKAGES);
        Prerequisites.require(HostCommands.isRoot(), "sandbox isolation tests need root (setpriv, overlay, cgroups)",
                Prerequisites.SANDBOX_PACKAGES + " (as root)");
    }
}
