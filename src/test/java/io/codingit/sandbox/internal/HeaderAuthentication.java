package io.codingit.sandbox.internal;

/**
 * How sandbox API tests authenticate: real accounts made by {@code POST /api/auth/signup}
 * ({@link SandboxApiTestBase#newUser()} returns the {@code Authorization} value of a new one).
 */
final class HeaderAuthentication {
    static final String HEADER = "Authorization";

    private HeaderAuthentication() {
    }
}
