package io.codingit.auth.internal;

import io.codingit.common.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the access-token key comes from: configuration, or a file generated once in the data dir. */
class SigningKeyTest {
    @TempDir
    Path dataDir;

    private static AuthProperties withSecret(String secret) {
        return new AuthProperties(secret, "codingit", Duration.ofMinutes(15), Duration.ofDays(30), 4, 8,
                Duration.ofMinutes(1), new AuthProperties.LoginThrottle(5, 20, Duration.ofMinutes(15)),
                new AuthProperties.Supabase(null, null, null, "authenticated"), java.util.List.of());
    }

    @Test
    void withoutConfigurationAKeyIsGeneratedOnceReadableOnlyByItsOwner() throws Exception {
        SigningKey first = new SigningKey(withSecret(null), new DataDirectory(dataDir));
        Path file = dataDir.resolve("auth/jwt-signing-key");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.bytes()).hasSize(32);

        SigningKey afterRestart = new SigningKey(withSecret(null), new DataDirectory(dataDir));
        assertThat(afterRestart.bytes()).isEqualTo(first.bytes());
        assertThat(afterRestart.keyId()).isEqualTo(first.keyId());
    }

    @Test
    void aConfiguredSecretIsUsedAndNothingIsWritten() {
        String secret = "a configured secret of more than thirty-two bytes";
        SigningKey one = new SigningKey(withSecret(secret), new DataDirectory(dataDir));
        SigningKey other = new SigningKey(withSecret(secret), new DataDirectory(dataDir.resolve("elsewhere")));
        assertThat(one.bytes()).isEqualTo(secret.getBytes());
        assertThat(one.keyId()).isEqualTo(other.keyId());
        assertThat(dataDir.resolve("auth")).doesNotExist();
    }

    @Test
    void aConfiguredSecretShorterThan32BytesStopsStartup() {
        assertThatThrownBy(() -> new SigningKey(withSecret("too short"), new DataDirectory(dataDir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CODINGIT_AUTH_JWT_SECRET").hasMessageContaining("32 bytes");
    }

    @Test
    void theKeyIdRevealsNothingOfTheKey() {
        SigningKey key = new SigningKey(withSecret(null), new DataDirectory(dataDir));
        assertThat(key.keyId()).matches("cit-[0-9a-f]{16}");
    }
}
