package io.codingit.auth.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseCookie;

import java.time.Duration;
import java.util.Optional;

/**
 * The browser side of a session: the access token in {@code codingit_access} (sent with every
 * request) and the refresh token in {@code codingit_refresh}, scoped to {@code /api/auth} so it
 * travels only to refresh and logout. Both HttpOnly (no script can read them), SameSite=Lax (no
 * cross-site POST carries them, which is what makes cookie authentication safe without CSRF
 * tokens here) and Secure whenever the request came over HTTPS.
 */
final class AuthCookies {
    static final String ACCESS = "codingit_access";
    static final String REFRESH = "codingit_refresh";
    static final String REFRESH_PATH = "/api/auth";

    private AuthCookies() {
    }

    static ResponseCookie access(String token, Duration ttl, boolean secure) {
        return cookie(ACCESS, token, "/", ttl, secure);
    }

    static ResponseCookie refresh(String token, Duration ttl, boolean secure) {
        return cookie(REFRESH, token, REFRESH_PATH, ttl, secure);
    }

    static ResponseCookie clearedAccess(boolean secure) {
        return cookie(ACCESS, "", "/", Duration.ZERO, secure);
    }

    static ResponseCookie clearedRefresh(boolean secure) {
        return cookie(REFRESH, "", REFRESH_PATH, Duration.ZERO, secure);
    }

    static Optional<String> read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    private static ResponseCookie cookie(String name, String value, String path, Duration maxAge, boolean secure) {
        return ResponseCookie.from(name, value).httpOnly(true).secure(secure).sameSite("Lax").path(path)
                .maxAge(maxAge).build();
    }
}
