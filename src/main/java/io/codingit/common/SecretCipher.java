package io.codingit.common;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Encrypts small secrets at rest with AES-256-GCM. Each value gets a fresh 96-bit nonce, and a context
 * (the owner's id, the row's id) is bound in as associated data, so a ciphertext copied to another row
 * does not decrypt. Stored form: {@code v1:<base64(nonce || ciphertext+tag)>}. The key is configured
 * (base64 of 32 bytes) or kept in a {@link SecretKeyFile} of the data directory.
 */
public final class SecretCipher {
    public static final int KEY_BYTES = 32;
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The configured key when {@code configuredBase64} has text, else the one kept in {@code keyFile} (asked for only then, so a configured key creates no directory).
     *
     * @param setting names the key's setting and environment variable in error messages
     */
    public static SecretCipher of(String configuredBase64, String setting, Supplier<Path> keyFile, String what) {
        return new SecretCipher(configuredBase64 != null && !configuredBase64.isBlank()
                ? configured(configuredBase64, setting)
                : SecretKeyFile.readOrCreate(keyFile.get(), KEY_BYTES, what));
    }

    public String encrypt(String secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, context).doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws UndecryptableException if the key changed or the value was tampered with or moved */
    public String decrypt(String stored, String context) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new UndecryptableException();
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            if (all.length <= NONCE_BYTES) {
                throw new UndecryptableException();
            }
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(all, NONCE_BYTES), context);
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new UndecryptableException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * A keyed digest (HMAC-SHA256, base64url without padding) of {@code value}: a credential that every server
     * holding the same key can check, and nobody without it can make. The key used is derived from this cipher's
     * key and {@code context}, so a digest made for one purpose is worthless for another.
     */
    public String mac(String value, String context) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] purposeKey = derive.doFinal(("codingit mac: " + context).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] configured(String base64, String setting) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " must be base64", e);
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException(setting + " must decode to " + KEY_BYTES + " bytes; it has " + bytes.length);
        }
        return bytes;
    }

    /** A stored value that cannot be read back: the key was changed or the row altered. */
    public static final class UndecryptableException extends RuntimeException {
        public UndecryptableException() {
            super("stored secret cannot be decrypted");
        }
    }
}
