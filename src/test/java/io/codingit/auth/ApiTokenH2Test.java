package io.codingit.auth;

import io.codingit.support.IntegrationTest;

@IntegrationTest
class ApiTokenH2Test extends ApiTokenTests {
}
