package io.codingit.auth;

/**
 * The caller of a request, as established by authentication. Controllers receive it with
 * {@code @AuthenticationPrincipal AuthenticatedUser user}; ids in request bodies are never trusted.
 */
public record AuthenticatedUser(String id, String email) {
}
