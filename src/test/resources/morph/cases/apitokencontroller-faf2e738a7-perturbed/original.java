package io.codingit.auth.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Personal API tokens for scripts and integrations. Managing them needs a login session: a leaked
 * API token must not be able to mint itself successors or delete the others.
 */
@RestController
@RequestMapping("/api/auth/tokens")
@RateLimited(RateLimitGroup.AUTH)
@Tag(name = "API tokens", description = "Personal bearer tokens for external integrations")
@SecurityRequirement(name = "bearer")
class ApiTokenController {
    static final int MAX_TOKENS_PER_USER = 50;

    private final ApiTokenStore tokens;

    ApiTokenController(ApiTokenStore tokens) {
        this.tokens = tokens;
    }

    record CreateRequest(@NotBlank @Size(max = 100) String name,
                         @Min(1) @Max(3650) Integer expiresInDays) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TokenView(String id, String name, String prefix,
                     @JsonProperty("created_at") Instant createdAt,
                     @JsonProperty("last_used_at") Instant lastUsedAt,
                     @JsonProperty("expires_at") Instant expiresAt) {
        static TokenView of(ApiTokenStore.ApiToken t) {
            return new TokenView(t.id(), t.name(), t.prefix(), t.createdAt(), t.lastUsedAt(), t.expiresAt());
        }
    }

    /** The one response that carries the secret. */
    record CreatedView(String id, String name, String prefix,
                       @JsonProperty("created_at") Instant createdAt,
                       @JsonProperty("expires_at") Instant expiresAt,
                       String token) {
    }

    @PostMapping
    @Operation(summary = "Create an API token; its secret is in this response and never again")
    @ApiResponse(responseCode = "201", description = "Created; 'token' is the secret, usable as a Bearer token")
    @ApiResponse(responseCode = "403", description = "Called with an API token rather than a login session")
    @ApiResponse(responseCode = "409", description = "Too many tokens")
    ResponseEntity<CreatedView> create(@Valid @RequestBody CreateRequest body,
                                       @AuthenticationPrincipal AuthenticatedUser user, Authentication authentication) {
        requireSession(authentication);
        if (tokens.count(user.id()) >= MAX_TOKENS_PER_USER) {
            throw ApiException.conflict("At most " + MAX_TOKENS_PER_USER + " API tokens per account; delete one first");
        }
        Duration lifetime = body.expiresInDays() == null ? null : Duration.ofDays(body.expiresInDays());
        ApiTokenStore.CreatedToken created = tokens.create(user.id(), body.name().trim(), lifetime);
        ApiTokenStore.ApiToken t = created.token();
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                .body(new CreatedView(t.id(), t.name(), t.prefix(), t.createdAt(), t.expiresAt(), created.secret()));
    }

    @GetMapping
    @Operation(summary = "List the caller's API tokens (without secrets)")
    List<TokenView> list(@AuthenticationPrincipal AuthenticatedUser user, Authentication authentication) {
        requireSession(authentication);
        return tokens.list(user.id()).stream().map(TokenView::of).toList();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API token")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "404", description = "No such token of the caller's")
    ResponseEntity<Void> delete(@PathVariable String id, @AuthenticationPrincipal AuthenticatedUser user,
                                Authentication authentication) {
        requireSession(authentication);
        if (!tokens.delete(user.id(), id)) {
            throw ApiException.notFound("No API token with id " + id);
        }
        return ResponseEntity.noContent().build();
    }

    private static void requireSession(Authentication authentication) {
        if (authentication instanceof TokenAuthentication t && t.kind() == CredentialKind.API_TOKEN) {
            throw ApiException.forbidden("API tokens cannot manage API tokens; use a login session");
        }
    }
}
