package io.codingit.auth;

import io.codingit.support.IntegrationTest;

@IntegrationTest
class AccountRulesH2Test extends AccountRulesTests {
}
