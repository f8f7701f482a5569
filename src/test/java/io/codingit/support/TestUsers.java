package io.codingit.support;

import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

/** Creates users through {@code POST /api/auth/signup}: {@code api.as(TestUsers.signUp(api).accessToken())}. */
public final class TestUsers {
    private TestUsers() {
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
