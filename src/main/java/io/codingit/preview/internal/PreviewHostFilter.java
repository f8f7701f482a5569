package io.codingit.preview.internal;

import io.codingit.preview.PreviewProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Requests for a host under the preview domain never reach the API: they go to the proxy before any
 * other filter (no API authentication, no API cookies or headers involved). Everything else passes on.
 */
class PreviewHostFilter extends OncePerRequestFilter {
    private final PreviewProxyServlet proxy;
    private final PreviewProperties properties;

    PreviewHostFilter(PreviewProxyServlet proxy, PreviewProperties properties) {
        this.proxy = proxy;
        this.properties = properties;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (PreviewHost.isUnder(request.getHeader("Host"), properties.baseDomain())) {
            proxy.handle(request, response);
        } else {
            chain.doFilter(request, response);
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
