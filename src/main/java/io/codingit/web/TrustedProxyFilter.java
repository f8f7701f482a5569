package io.codingit.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * Believes {@code X-Forwarded-For} and {@code X-Forwarded-Proto} only when the direct peer is a
 * configured trusted proxy. Everything downstream (rate-limit keys, login throttling, HSTS) reads
 * {@link HttpServletRequest#getRemoteAddr()} and {@link HttpServletRequest#isSecure()}, so a client
 * cannot dodge limits by rotating a header it sets itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TrustedProxyFilter extends OncePerRequestFilter {
    private final List<IpAddressMatcher> trusted;

    public TrustedProxyFilter(WebProperties properties) {
        this.trusted = properties.trustedProxies().stream().map(IpAddressMatcher::new).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (trusted.isEmpty() || !isTrusted(request.getRemoteAddr())) {
            chain.doFilter(request, response);
            return;
        }
        String client = clientFrom(request.getHeader("X-Forwarded-For"), request.getRemoteAddr());
        String proto = request.getHeader("X-Forwarded-Proto");
        boolean secure = proto != null ? "https".equalsIgnoreCase(proto.trim()) : request.isSecure();
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getRemoteAddr() {
                return client;
            }

            @Override
            public String getRemoteHost() {
                return client;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getScheme() {
                return secure ? "https" : super.getScheme();
            }
        }, response);
    }

    /** The right-most address that is not itself a trusted proxy is the client. */
    private String clientFrom(String forwardedFor, String peer) {
        if (forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty() || !looksLikeAddress(hop)) {
                return peer;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    private boolean isTrusted(String address) {
        try {
            for (IpAddressMatcher m : trusted) {
                if (m.matches(address)) {
                    return true;
                }
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        return false;
    }

    private static boolean looksLikeAddress(String s) {
        return s.length() <= 45 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }
}
