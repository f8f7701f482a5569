package io.codingit.support;

import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

/** Creates users through {@code POST /api/auth/signup}: {@code api.as(TestUsers.signUp(api).accessToken())}. */
public final class TestUsers {
    private TestUsers() {
    }

    /** The operator of every test server ({@code codingit.auth.operator-emails} in application-test.yml). */
    public static final String OPERATOR_EMAIL = "operator@codingit.test";
    private static final String OPERATOR_PASSWORD = "operator-" + UUID.randomUUID();

    /**
     * An access token of the test server's operator (metrics, health details); the account is created on first
     * use in each server's database. The password is per test JVM, so a server whose database outlives the JVM
     * is not expected.
     */
    public static String operatorToken(TestApi api) {
        Map<String, String> credentials = Map.of("email", OPERATOR_EMAIL, "password", OPERATOR_PASSWORD);
        TestApi.Response response = api.post("/api/auth/signup", credentials);
        if (response.status() != 201) {
            response = api.post("/api/auth/login", credentials);
        }
        if (response.status() != 200 && response.status() != 201) {
            throw new IllegalStateException("operator login failed: " + response);
        }
        return response.json().get("accessToken").asString();
    }

    /** A new account with a random address and a random (so never common) password. */
    public static SignedUpUser signUp(TestApi api) {
        String email = "user-" + UUID.randomUUID() + "@example.test";
        String password = "Pw-" + UUID.randomUUID();
        TestApi.Response response = api.post("/api/auth/signup", Map.of("email", email, "password", password));
        if (response.status() != 201) {
            throw new IllegalStateException("signup failed: " + response);
        }
        JsonNode body = response.json();
        return new SignedUpUser(body.get("user").get("id").asString(), email, password,
                body.get("accessToken").asString());
    }
}
