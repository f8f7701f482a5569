package io.codingit.auth;

import java.time.Instant;

/**
 * A user account. {@code email} is null only for an account first seen through an external
 * (Supabase) token whose address already belonged to another account.
 */
public record Account(String id, String email, Instant createdAt) {
}
