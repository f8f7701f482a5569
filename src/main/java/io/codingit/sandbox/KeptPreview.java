package io.codingit.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * What a paused sandbox keeps of its preview so that its URL wakes it on any server, after a restart too: the port
 * and the SHA-256 (hex) of the URL's secret, never the secret itself. Kept in the sandbox registry row.
 */
public record KeptPreview(int port, String secretSha256) {
    public KeptPreview {
        if (port < 1 || port > 65535 || secretSha256 == null || !secretSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a kept preview needs a port and a SHA-256 in hex");
        }
    }

    /** The kept preview of a URL secret. */
    public static KeptPreview of(int port, String secret) {
        return new KeptPreview(port, sha256(secret));
    }

    /** Whether a URL with this port and secret is this preview's (the hashes compared in constant time). */
    public boolean matches(int port, String secret) {
        return this.port == port && secret != null && MessageDigest.isEqual(
                secretSha256.getBytes(StandardCharsets.US_ASCII), sha256(secret).getBytes(StandardCharsets.US_ASCII));
    }

    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
