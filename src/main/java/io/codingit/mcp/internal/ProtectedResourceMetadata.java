package io.codingit.mcp.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.codingit.auth.SecurityConfig;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.List;

/**
 * RFC 9728 protected-resource metadata, which every 401 names in {@code WWW-Authenticate}: this server is its own
 * authorization server (accounts, sessions and personal API tokens; docs/auth.md), and bearer tokens go in the
 * Authorization header. Public by nature; drawn from the auth budget by client address like sign-in.
 */
@RestController
@RateLimited(RateLimitGroup.AUTH)
@Tag(name = "MCP")
class ProtectedResourceMetadata {

    record Metadata(String resource, @JsonProperty("authorization_servers") List<String> authorizationServers,
                    @JsonProperty("bearer_methods_supported") List<String> bearerMethodsSupported,
                    @JsonProperty("resource_name") String resourceName,
                    @JsonProperty("resource_documentation") String resourceDocumentation) {
    }

    @GetMapping({SecurityConfig.PROTECTED_RESOURCE_METADATA,
            SecurityConfig.PROTECTED_RESOURCE_METADATA + McpServerConfiguration.ENDPOINT})
    @SecurityRequirements
    @Operation(summary = "OAuth 2.0 protected-resource metadata (RFC 9728)",
            description = "How clients authenticate: a bearer token (an access token or a personal API token cit_...) "
                    + "issued by this server.")
    Metadata metadata(HttpServletRequest request) {
        String base = ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).toUriString();
        return new Metadata(base + McpServerConfiguration.ENDPOINT, List.of(base), List.of("header"), "CodingIT",
                base + "/api/docs");
    }
}
