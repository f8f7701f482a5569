package io.codingit.github.internal;

import io.codingit.common.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AES-GCM at rest: round trip, fresh nonces, user binding, tamper detection, key from config or the data dir. */
class TokenCipherTest {
    @TempDir
    Path dataDir;

    private static GitHubProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("codingit.github", Bindable.of(GitHubProperties.class));
    }

    private TokenCipher generatedKeyCipher() {
        return new TokenCipher(properties(Map.of()), new DataDirectory(dataDir));
    }

    @Test
    void roundTripsWithAFreshNonceEachTime() {
        TokenCipher cipher = generatedKeyCipher();
        String a = cipher.encrypt("ghp_secret", "user-1");
        String b = cipher.encrypt("ghp_secret", "user-1");

        assertThat(a).isNotEqualTo(b).startsWith("v1:").doesNotContain("ghp_secret");
        assertThat(cipher.decrypt(a, "user-1")).isEqualTo("ghp_secret");
        assertThat(cipher.decrypt(b, "user-1")).isEqualTo("ghp_secret");
    }

    @Test
    void aCiphertextIsBoundToItsUserAndToItsBytes() {
        TokenCipher cipher = generatedKeyCipher();
        String sealed = cipher.encrypt("ghp_secret", "user-1");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);

        assertThatThrownBy(() -> cipher.decrypt(sealed, "user-2")).isInstanceOf(TokenCipher.UndecryptableTokenException.class);
        assertThatThrownBy(() -> cipher.decrypt(tampered, "user-1")).isInstanceOf(TokenCipher.UndecryptableTokenException.class);
        assertThatThrownBy(() -> cipher.decrypt("plain", "user-1")).isInstanceOf(TokenCipher.UndecryptableTokenException.class);
    }

    @Test
    void aGeneratedKeyIsKeptPrivateInTheDataDirAndReusedAfterARestart() throws Exception {
        String sealed = generatedKeyCipher().encrypt("ghp_secret", "user-1");
        Path keyFile = dataDir.resolve("github").resolve("token-encryption-key");

        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(generatedKeyCipher().decrypt(sealed, "user-1")).isEqualTo("ghp_secret");
    }

    @Test
    void aConfiguredKeyIsUsedAndNoFileIsWritten() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        TokenCipher one = new TokenCipher(properties(Map.of("codingit.github.token-encryption-key", key)), new DataDirectory(dataDir));
        TokenCipher other = new TokenCipher(properties(Map.of("codingit.github.token-encryption-key", key)), new DataDirectory(dataDir.resolve("elsewhere")));

        assertThat(other.decrypt(one.encrypt("ghp_secret", "u"), "u")).isEqualTo("ghp_secret");
        assertThat(dataDir.resolve("github")).doesNotExist();
    }

    @Test
    void aConfiguredKeyOfTheWrongSizeOrNotBase64StopsStartupNamingTheSetting() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> new TokenCipher(properties(Map.of("codingit.github.token-encryption-key", shortKey)), new DataDirectory(dataDir)))
                .hasMessageContaining("CODINGIT_GITHUB_TOKEN_ENCRYPTION_KEY").hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new TokenCipher(properties(Map.of("codingit.github.token-encryption-key", "not base64!")), new DataDirectory(dataDir)))
                .hasMessageContaining("CODINGIT_GITHUB_TOKEN_ENCRYPTION_KEY");
    }
}
