package io.codingit.sandbox.agent;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A sandbox's agent secret (32 random bytes). It signs every call (HMAC-SHA256 over method, target,
 * timestamp and nonce) and is never printed: {@link #toString()} hides it.
 */
public final class AgentSecret {
    private static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key;

    private AgentSecret(byte[] key) {
        this.key = key;
    }

    public static AgentSecret generate() {
        byte[] key = new byte[LENGTH];
        RANDOM.nextBytes(key);
        return new AgentSecret(key);
    }

    public static AgentSecret fromHex(String hex) {
        byte[] key = HexFormat.of().parseHex(hex.strip());
        if (key.length < LENGTH) {
            throw new IllegalArgumentException("an agent secret has at least " + LENGTH + " bytes");
        }
        return new AgentSecret(key);
    }

    /** The form the agent reads on its standard input (one line), and the registry stores encrypted. */
    public String hex() {
        return HexFormat.of().formatHex(key);
    }

    /** The protocol's signature: lowercase hex HMAC-SHA256 of {@code method \n target \n timestamp \n nonce}. */
    public String sign(String method, String target, String timestamp, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(String.join("\n", method, target, timestamp, nonce)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentSecret other && java.security.MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "AgentSecret[hidden]";
    }
}
