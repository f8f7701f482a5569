package io.codingit.common;

import io.codingit.support.TestServers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security finding 8: nothing the server keeps in its data directory is readable by other local users. An
 * existing directory with the old, wide modes is tightened at start; a fresh one is created private.
 */
class DataDirectoryPermissionsTest {
    @Test
    void theDatabaseKeysAndFeatureDirectoriesArePrivate() throws IOException {
        Path dataDir = Files.createTempDirectory("codingit-perms-");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dataDir.resolve("auth"));
        Files.setPosixFilePermissions(dataDir.resolve("auth"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dataDir.resolve("codingit.trace.db"), "an old trace");
        Files.setPosixFilePermissions(dataDir.resolve("codingit.trace.db"), PosixFilePermissions.fromString("rw-r--r--"));

        try (TestServers.Server server = TestServers.start(Map.of("codingit.data-dir", dataDir.toString()))) {
            assertThat(server.api().get("/api/health").status()).isEqualTo(200);
        }

        assertThat(mode(dataDir)).as("others may pass through (template cache) but not list").isEqualTo("rwx--x--x");
        for (String dir : new String[] {"auth", "github", "tasks"}) {
            assertThat(mode(dataDir.resolve(dir))).as(dir).isEqualTo("rwx------");
        }
        assertThat(mode(dataDir.resolve("auth").resolve("jwt-signing-key"))).isEqualTo("rw-------");
        assertThat(mode(dataDir.resolve("github").resolve("token-encryption-key"))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("the H2 database and its trace")
                    .anyMatch(f -> f.getFileName().toString().endsWith(".mv.db"))
                    .allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
