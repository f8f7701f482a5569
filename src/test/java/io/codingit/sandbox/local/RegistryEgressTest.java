package io.codingit.sandbox.local;

import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.egress.SandboxEgressProxy;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A local sandbox's proxy socket is never reachable by another user of the host: it is created while its
 * directory is private, and the directory is opened for the sandbox uid only once the socket is 0600.
 */
class RegistryEgressTest {
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    @Test
    void theSocketIsCreatedInAPrivateDirectoryAndOnlyThenOpenedToTheSandbox() throws IOException {
        Path directory = Files.createTempDirectory("codingit-egress-").resolve("egress");
        Path socket = directory.resolve(RegistryEgress.SOCKET_NAME);
        // a directory left from an earlier start, open to all
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        ServerSocketChannel[] bound = new ServerSocketChannel[1];
        Set<PosixFilePermission>[] atBind = new Set[2];
        RegistryEgress.bindPrivately(directory, socket, () -> {
            try {
                bound[0] = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
                atBind[0] = Files.getPosixFilePermissions(directory);
                atBind[1] = Files.getPosixFilePermissions(socket);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, -1);
        try {
            // the umask leaves the new socket open to others, but nobody else can reach into its directory
            assertThat(atBind[0]).isEqualTo(PRIVATE_DIRECTORY);
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(directory)).isEqualTo(PosixFilePermissions.fromString("rwx--x--x"));
        } finally {
            bound[0].close();
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void aSandboxsSocketEndsOwnedByTheSandboxUidWithMode0600AndAnswers() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path sandboxDir = Files.createTempDirectory("codingit-egress-");
        try (SandboxEgressProxy proxy = new SandboxEgressProxy(new RegistryEgressProperties(List.of("pypi.org:443"),
                List.of(), "https://pypi.org/simple", "https://registry.npmjs.org/", DataSize.ofMegabytes(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(5), ""), host -> List.of(), null)) {
            RegistryEgress egress = new RegistryEgress(proxy, 61000, root, null);
            RegistryEgress.Wiring wiring = egress.open("sbx-perm", sandboxDir);
            Path socket = wiring.directory().resolve(RegistryEgress.SOCKET_NAME);
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(wiring.directory())).isEqualTo(PosixFilePermissions.fromString("rwx--x--x"));
            if (root) {
                assertThat(Files.getAttribute(socket, "unix:uid")).isEqualTo(61000);
            }
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                assertThat(channel.isConnected()).isTrue();
            }
            egress.close("sbx-perm");
            assertThat(Files.exists(socket)).isFalse();
        }
    }
}
