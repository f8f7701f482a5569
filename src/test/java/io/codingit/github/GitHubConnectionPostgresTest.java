package io.codingit.github;

@GitHubPostgresIntegrationTest
class GitHubConnectionPostgresTest extends GitHubConnectionTests {
}
