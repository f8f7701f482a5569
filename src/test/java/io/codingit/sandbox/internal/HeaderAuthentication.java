package io.codingit.sandbox.internal;

import io.codingit.auth.AuthenticatedUser;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

import java.util.List;

/**
 * Test-only authentication until the accounts feature is merged: {@code X-Test-User: <id>} becomes the
 * request's {@link AuthenticatedUser}, handed to Spring Security through the request-attribute security
 * context repository that the stateless chain reads. Requests without the header stay anonymous (401).
 */
@TestConfiguration
class HeaderAuthentication {
    static final String HEADER = "X-Test-User";

    @Bean
    FilterRegistrationBean<Filter> testUserFilter() {
        Filter filter = (request, response, chain) -> {
            String user = ((HttpServletRequest) request).getHeader(HEADER);
            if (user != null && !user.isBlank()) {
                var principal = new AuthenticatedUser(user, user + "@test");
                var auth = new UsernamePasswordAuthenticationToken(principal, null, List.of());
                request.setAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME,
                        new SecurityContextImpl(auth));
            }
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(-1000);
        return registration;
    }
}
