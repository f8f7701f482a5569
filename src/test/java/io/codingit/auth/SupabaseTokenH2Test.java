package io.codingit.auth;

import io.codingit.support.IntegrationTest;

@IntegrationTest
class SupabaseTokenH2Test extends SupabaseTokenTests {
}
