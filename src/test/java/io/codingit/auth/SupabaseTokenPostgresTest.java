package io.codingit.auth;

import io.codingit.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class SupabaseTokenPostgresTest extends SupabaseTokenTests {
}
