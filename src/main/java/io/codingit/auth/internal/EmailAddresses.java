package io.codingit.auth.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises an address to the form it is stored and compared in: trimmed and lower-cased (the
 * whole address: no mail provider in practice treats the local part case-sensitively, and two
 * accounts differing only in case would be a support and phishing hazard).
 */
final class EmailAddresses {
    static final int MAX_LENGTH = 254;
    /** Pragmatic, not RFC 5322: one @, no spaces or control characters, a dotted domain. */
    private static final Pattern SHAPE = Pattern.compile(
            "[^@\\s\\p{Cntrl}]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    private EmailAddresses() {
    }

    /** The normalised address, or empty when it is not an acceptable one. */
    static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String email = raw.trim().toLowerCase(Locale.ROOT);
        if (email.length() > MAX_LENGTH || !SHAPE.matcher(email).matches()) {
            return Optional.empty();
        }
        return Optional.of(email);
    }
}
