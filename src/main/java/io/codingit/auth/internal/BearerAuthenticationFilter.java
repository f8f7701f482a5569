package io.codingit.auth.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads the credential from {@code Authorization: Bearer} or, failing that, the access cookie, and
 * authenticates the request with it. A rejected credential leaves the request anonymous (so that
 * a stale cookie never blocks login or signup) and records why, for the 401 of protected routes.
 *
 * <p>Not a Spring bean: a bean would also be registered as a servlet filter and run twice.
 */
public final class BearerAuthenticationFilter extends OncePerRequestFilter {
    /** Request attribute holding the safe reason a presented credential was refused. */
    public static final String REJECTION = BearerAuthenticationFilter.class.getName() + ".rejection";
    private static final String BEARER = "bearer ";

    private final BearerAuthenticator authenticator;

    BearerAuthenticationFilter(BearerAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /**
     * Streaming responses (SSE, NDJSON) finish on an async dispatch, which passes the security chain
     * again; without authenticating it too, the authorization filter denies it after the response has
     * been committed and the stream is cut off.
     */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> credential;
        try {
            credential = credential(request);
        } catch (TokenRejectedException duplicate) {
            request.setAttribute(REJECTION, duplicate.getMessage());
            credential = Optional.empty();
        }
        if (credential.isPresent()) {
            try {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(authenticator.authenticate(credential.get()));
                SecurityContextHolder.setContext(context);
            } catch (TokenRejectedException e) {
                request.setAttribute(REJECTION, e.getMessage());
            }
        }
        chain.doFilter(request, response);
    }

    private static Optional<String> credential(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = header.substring(BEARER.length()).trim();
            if (!token.isEmpty()) {
                return Optional.of(token);
            }
        }
        return AuthCookies.read(request, AuthCookies.ACCESS);
    }
}
