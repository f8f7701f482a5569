package io.codingit.auth.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.auth.AuthException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What a new password must satisfy (NIST SP 800-63B style: length and a blocklist, no composition
 * rules): at least {@code codingit.auth.min-password-length} characters, at most 72 bytes (bcrypt
 * ignores anything beyond, so a longer one would be silently truncated), and not one of the
 * 10,000 most common passwords (compared case-insensitively).
 */
@Component
class PasswordPolicy {
    static final int MAX_BYTES = 72;
    private static final String COMMON_LIST = "auth/common-passwords-10k.txt";

    private final int minLength;
    private final CommonPasswords common;

    PasswordPolicy(AuthProperties properties) {
        this.minLength = properties.minPasswordLength();
        this.common = load();
    }

    void check(String password) {
        if (password.codePointCount(0, password.length()) < minLength) {
            throw new AuthException(Kind.INVALID, "password: must be at least " + minLength + " characters long");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new AuthException(Kind.INVALID, "password: must be at most " + MAX_BYTES + " bytes long");
        }
        if (isCommon(password)) {
            throw new AuthException(Kind.INVALID, "password: is one of the most common passwords; choose another");
        }
    }

    boolean isCommon(String password) {
        return common.contains(password);
    }

    int commonListSize() {
        return common.size();
    }

    private static CommonPasswords load() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new ClassPathResource(COMMON_LIST).getInputStream(), StandardCharsets.UTF_8))) {
            return CommonPasswords.of(reader.lines());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + COMMON_LIST, e);
        }
    }
}
