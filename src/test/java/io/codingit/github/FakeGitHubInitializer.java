package io.codingit.github;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the server's GitHub API, OAuth endpoints and OAuth app at the {@link FakeGitHub}. */
public class FakeGitHubInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    public static final String CLIENT_ID = "fake-client-id";
    public static final String CLIENT_SECRET = "fake-client-secret";
    public static final String SUCCESS_URL = "/settings?github=connected";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        FakeGitHub github = FakeGitHub.instance();
        TestPropertyValues.of(
                "codingit.github.api-url=" + github.apiUrl(),
                "codingit.github.request-timeout=2s",
                "codingit.github.oauth.client-id=" + CLIENT_ID,
                "codingit.github.oauth.client-secret=" + CLIENT_SECRET,
                "codingit.github.oauth.authorize-url=" + github.baseUrl() + "/login/oauth/authorize",
                "codingit.github.oauth.token-url=" + github.baseUrl() + "/login/oauth/access_token",
                "codingit.github.oauth.success-url=" + SUCCESS_URL
        ).applyTo(context);
    }
}
