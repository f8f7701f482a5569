package io.codingit.github.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.github.GitHubException;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What our OAuth app does with its client credentials: step two of GitHub's web flow (the code
 * from the callback in exchange for a token) and revoking a token when the user disconnects.
 */
@Component
class OAuthApp {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The token GitHub granted and the scopes it carries. */
    record GrantedToken(String accessToken, String scope) {
        @Override
        public String toString() {
            return "GrantedToken[scope=" + scope + ", accessToken=***]";
        }
    }

    private final GitHubProperties properties;
    /** Built on first use: a JDK client holds a selector thread, and most servers never call GitHub. */
    private final SingletonSupplier<HttpClient> http;

    OAuthApp(GitHubProperties properties) {
        this.properties = properties;
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    GrantedToken exchange(String code) {
        GitHubProperties.OAuth oauth = properties.oauth();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", oauth.clientId());
        form.put("client_secret", oauth.clientSecret());
        form.put("code", code);
        if (GitHubProperties.hasText(oauth.redirectUri())) {
            form.put("redirect_uri", oauth.redirectUri());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(oauth.tokenUrl()))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", properties.userAgent())
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new GitHubException(Kind.UPSTREAM_FAILED, "github_unavailable",
                    "GitHub's token endpoint answered with status " + response.statusCode());
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw GitHubErrors.unexpectedShape();
        }
        // GitHub reports a bad, used or expired code as 200 with an "error" field.
        if (body.hasNonNull("error") || !body.hasNonNull("access_token")) {
            throw new GitHubException(Kind.INVALID, "GitHub did not accept the authorisation code (it may be expired or used);"
                    + " connect again");
        }
        return new GrantedToken(body.get("access_token").asString(),
                body.hasNonNull("scope") ? body.get("scope").asString() : null);
    }

    /**
     * Revokes an OAuth token at GitHub ({@code DELETE /applications/{client_id}/token}), so that
     * disconnecting really ends our access. Best effort: returns whether GitHub confirmed (204) or
     * already did not know the token (404).
     */
    boolean revoke(String accessToken) {
        GitHubProperties.OAuth oauth = properties.oauth();
        String credentials = Base64.getEncoder().encodeToString(
                (oauth.clientId() + ":" + oauth.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.apiBase() + "/applications/"
                        + GitHubParameters.segment(oauth.clientId()) + "/token"))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", properties.apiVersion())
                .header("User-Agent", properties.userAgent())
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("access_token", accessToken))))
                .build();
        try {
            int status = send(request).statusCode();
            return status == 204 || status == 404;
        } catch (GitHubException unreachable) {
            return false;
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.obtain().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GitHubException(Kind.UPSTREAM_FAILED, "github_unavailable", "GitHub's token endpoint is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException(Kind.UPSTREAM_FAILED, "github_unavailable", "The request to GitHub was interrupted");
        }
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
