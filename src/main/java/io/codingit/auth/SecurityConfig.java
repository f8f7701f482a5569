package io.codingit.auth;

import io.codingit.auth.internal.BearerAuthenticationFilter;
import io.codingit.auth.internal.BearerAuthenticator;
import io.codingit.web.ErrorResponses;
import io.codingit.web.FrameSources;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import io.codingit.web.WebProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.io.IOException;
import java.util.List;

/**
 * The one security filter chain: stateless, every {@code /api/**} and {@code /v1/**} route authenticated except auth,
 * health and the API description; bearer tokens (header or cookie) authenticated by
 * {@link BearerAuthenticator}; JSON 401/403 bodies; the contract's security headers.
 */
@Configuration
public class SecurityConfig {
    /** Where the RFC 9728 protected-resource metadata is published (by the mcp feature); every 401 names it. */
    public static final String PROTECTED_RESOURCE_METADATA = "/.well-known/oauth-protected-resource";

    /**
     * Strict: scripts and styles only from files of our origin (the web console is built that way).
     * frame-src also admits the origins other features publish as {@link FrameSources} (the previews,
     * which the console shows in an iframe; they are other origins by design, docs/preview.md).
     */
    static String contentSecurityPolicy(List<FrameSources> frameSources) {
        StringBuilder frames = new StringBuilder("'self'");
        frameSources.stream().flatMap(s -> s.frameSources().stream()).distinct()
                .forEach(source -> frames.append(' ').append(source));
        return "default-src 'self'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
                + "frame-src " + frames + "; "
                + "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, WebProperties webProperties,
                                            BearerAuthenticator bearerAuthenticator,
                                            ObjectProvider<FrameSources> frameSources)
            throws Exception {
        String csp = contentSecurityPolicy(frameSources.orderedStream().toList());
        http
                .addFilterBefore(bearerAuthenticator.newFilter(), AnonymousAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .anonymous(a -> { })
                .cors(c -> c.configurationSource(corsSource(webProperties)))
                .headers(h -> h
                        .frameOptions(f -> f.deny())
                        .contentTypeOptions(c -> { })
                        .xssProtection(x -> x.headerValue(XXssProtectionHeaderWriter.HeaderValue.ENABLED_MODE_BLOCK))
                        .contentSecurityPolicy(c -> c.policyDirectives(csp))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(SecurityConfig::unauthenticated)
                        .accessDeniedHandler((req, res, ex) ->
                                ErrorResponses.write(res, 403, "Forbidden", "forbidden")))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                        .requestMatchers("/api/auth/signup", "/api/auth/login", "/api/auth/refresh",
                                "/api/auth/logout").permitAll()
                        .requestMatchers("/api/health", "/api/health/**", "/api/openapi.json", "/api/openapi.json/**",
                                "/api/docs", "/api/docs/**", "/swagger-ui/**", "/v3/api-docs/**",
                                // where /api/docs redirects: the UI's own files (the operations still need auth)
                                "/api/swagger-ui/**", "/api/swagger-ui.html").permitAll()
                        // the terminal WebSocket authenticates its own handshake: session or a single-use ticket
                        .requestMatchers(HttpMethod.GET, "/api/terminal/ws").permitAll()
                        // share links of projects are read anonymously (docs/projects.md); nothing else under them
                        .requestMatchers(HttpMethod.GET, "/api/shared/*", "/api/shared/*/blobs/*").permitAll()
                        // metrics and actuator health details: operators only (codingit.auth.operator-emails)
                        .requestMatchers("/actuator/**").hasRole("OPERATOR")
                        // the Morph-compatible apply API (morph feature) lives outside /api, as Morph's does
                        // the MCP endpoint (mcp feature): same bearer tokens as the REST API
                        .requestMatchers("/api/**", "/v1/**", "/mcp", "/mcp/**").authenticated()
                        .anyRequest().permitAll());
        return http.build();
    }

    /** 401 JSON; names the reason when a credential was presented and refused (expired, tampered...). */
    private static void unauthenticated(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException e) throws IOException {
        Object rejection = request.getAttribute(BearerAuthenticationFilter.REJECTION);
        // RFC 9728: clients (MCP ones first) find out from here how this server wants to be authenticated
        String metadata = " resource_metadata=\"" + ServletUriComponentsBuilder.fromContextPath(request)
                .replacePath(PROTECTED_RESOURCE_METADATA).replaceQuery(null).toUriString() + "\"";
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, rejection != null
                ? "Bearer error=\"invalid_token\"," + metadata : "Bearer" + metadata);
        if (rejection != null) {
            ErrorResponses.write(response, 401, rejection.toString(), "invalid_token");
        } else {
            ErrorResponses.write(response, 401, "Authentication required", "unauthorized");
        }
    }

    private static CorsConfigurationSource corsSource(WebProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> origins = properties.cors().allowedOrigins();
        if (!origins.isEmpty()) {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOrigins(origins);
            config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
            // Mcp-Session-Id and MCP-Protocol-Version: a browser-based MCP client (an inspector) sends them on
            // every message after initialize, and must read the session id that initialize answers.
            config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "If-Match", "X-Request-Id",
                    "Last-Event-ID", "Mcp-Session-Id", "MCP-Protocol-Version"));
            config.setExposedHeaders(List.of("X-Request-Id", "ETag", "Retry-After", "X-Project-Id", "X-Chat-Id",
                    "X-Apply-Engine", "Mcp-Session-Id", "WWW-Authenticate", "X-RateLimit-Limit",
                    "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit", "RateLimit-Policy"));
            config.setAllowCredentials(true);
            config.setMaxAge(3600L);
            source.registerCorsConfiguration("/**", config);
        }
        return source;
    }
}
