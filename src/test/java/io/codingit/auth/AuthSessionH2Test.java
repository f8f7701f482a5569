package io.codingit.auth;

import io.codingit.support.IntegrationTest;

@IntegrationTest
class AuthSessionH2Test extends AuthSessionTests {
}
