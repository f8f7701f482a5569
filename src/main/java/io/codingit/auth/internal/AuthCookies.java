package io.codingit.auth.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseCookie;

import java.time.Duration;
import java.util.Optional;

/**
 * The browser side of a session: the access token and the refresh token in HttpOnly (no script can read
 * them), SameSite=Lax (no cross-site POST carries them, which is what makes cookie authentication safe without
 * CSRF tokens here) cookies.
 * <p>
 * Over HTTPS (directly, or through a trusted proxy's {@code X-Forwarded-Proto}) they are
 * {@code __Host-codingit_access} and {@code __Host-codingit_refresh}: Secure, {@code Path=/}, no
 * {@code Domain}, which browsers accept only from this very host, so a page on a sibling domain (a preview
 * under a shared parent domain) cannot plant one (cookie tossing, security finding 9); and only those names are
 * read on HTTPS requests. The refresh token therefore travels with every request to this host (still HttpOnly,
 * never to another host). Plain-HTTP development ({@code http://localhost}) keeps the plain names
 * {@code codingit_access}/{@code codingit_refresh} without Secure, because a {@code __Host-} cookie needs
 * Secure and not every browser stores Secure cookies from plain HTTP; a plain-HTTP deployment has no cookie
 * integrity anyway. A request carrying one of these names twice is refused: with two, the server could
 * not tell the host's own cookie from a tossed one.
 */
final class AuthCookies {
    static final String ACCESS = "codingit_access";
    static final String REFRESH = "codingit_refresh";
    static final String HOST_PREFIX = "__Host-";
    /** Where the plain-HTTP refresh cookie travels; the {@code __Host-} one must be {@code Path=/}. */
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

    /** The name a cookie has on this request: {@code __Host-} over HTTPS. */
    static String nameFor(String name, boolean secure) {
        return secure ? HOST_PREFIX + name : name;
    }

    /**
     * The cookie's value on this request (by {@link #nameFor} its name), if present once.
     *
     * @throws TokenRejectedException when the name appears more than once
     */
    static Optional<String> read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        String wanted = nameFor(name, request.isSecure());
        String found = null;
        int count = 0;
        for (Cookie cookie : cookies) {
            if (wanted.equals(cookie.getName())) {
                count++;
                found = cookie.getValue();
            }
        }
        if (count > 1) {
            throw new TokenRejectedException("The request carries the cookie " + wanted + " more than once; "
                    + "sign in again (a cookie set by another site under the same parent domain is never accepted)");
        }
        return found == null || found.isBlank() ? Optional.empty() : Optional.of(found);
    }

    private static ResponseCookie cookie(String name, String value, String path, Duration maxAge, boolean secure) {
        return ResponseCookie.from(nameFor(name, secure), value).httpOnly(true).secure(secure).sameSite("Lax")
                .path(secure ? "/" : path).maxAge(maxAge).build();
    }
}
