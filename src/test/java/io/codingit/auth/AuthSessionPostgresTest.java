package io.codingit.auth;

import io.codingit.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class AuthSessionPostgresTest extends AuthSessionTests {
}
