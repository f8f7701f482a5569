package io.codingit.sandbox;

import io.codingit.common.DataDirectory;
import io.codingit.common.SecretCipher;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code codingit.sandbox.registry.*}: the sandbox registry in the database. docs/sandbox.md describes every key.
 *
 * @param secretKey       base64 of 32 bytes: encrypts the per-sandbox agent secrets in the registry. Empty: a key
 *                        generated once in {@code <data-dir>/sandbox/agent-secret-key}. Servers that share a
 *                        database must share this key, or they cannot reach each other's sandboxes
 *                        (and the registry proxy's credentials of sandboxes on other hosts)
 * @param killedRetention how long a killed sandbox's row is kept (so that its id answers with the reason it is gone)
 * @param keepOnShutdown  whether a server that stops leaves its sandboxes running, for its next start to adopt
 *                        (true), or kills them (false)
 */
@ConfigurationProperties("codingit.sandbox.registry")
public record SandboxRegistryProperties(
        @DefaultValue("") String secretKey,
        @DefaultValue("1d") Duration killedRetention,
        @DefaultValue("true") boolean keepOnShutdown) {

    /**
     * The key the servers sharing a database share: it encrypts agent secrets in the registry, and keys the
     * registry proxy's sandbox credentials.
     */
    public SecretCipher cipher(DataDirectory dataDirectory) {
        return SecretCipher.of(secretKey, "codingit.sandbox.registry.secret-key (CODINGIT_SANDBOX_REGISTRY_SECRET_KEY)",
                () -> dataDirectory.featureDirectory("sandbox").resolve("agent-secret-key"),
                "sandbox agent secret encryption key");
    }
}
