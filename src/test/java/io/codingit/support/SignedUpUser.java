package io.codingit.support;

/** An account created through the real signup route, with what a test needs to act as it. */
public record SignedUpUser(String id, String email, String password, String accessToken) {
}
