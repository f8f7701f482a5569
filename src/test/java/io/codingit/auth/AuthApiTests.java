package io.codingit.auth;

import io.codingit.support.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Map;
import java.util.UUID;

/** What the auth test suites share: a client for the server under test and its database. */
abstract class AuthApiTests {
    static final String GOOD_PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    TestApi api;

    @BeforeEach
    void client() {
        api = new TestApi(port);
    }

    static String newEmail() {
        return "u-" + UUID.randomUUID() + "@example.test";
    }

    /** Signs up a new account and returns the raw response (body and cookies). */
    TestApi.Response signUpFresh() {
        return api.post("/api/auth/signup", Map.of("email", newEmail(), "password", GOOD_PASSWORD));
    }
}
