package io.codingit.github;

@GitHubIntegrationTest
class GitHubConnectionH2Test extends GitHubConnectionTests {
}
