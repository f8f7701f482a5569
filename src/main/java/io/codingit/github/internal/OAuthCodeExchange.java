package io.codingit.github.internal;

import io.codingit.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Step two of GitHub's OAuth web flow: the code from the callback in exchange for a token. */
@Component
class OAuthCodeExchange {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The token GitHub granted and the scopes it carries. */
    record GrantedToken(String accessToken, String scope) {
        @Override
        public String toString() {
            return "GrantedToken[scope=" + scope + ", accessToken=***]";
        }
    }

    private final GitHubProperties properties;
    private final HttpClient http;

    OAuthCodeExchange(GitHubProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
            throw new ApiException(HttpStatus.BAD_GATEWAY, "github_unavailable",
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
            throw ApiException.badRequest("GitHub did not accept the authorisation code (it may be expired or used);"
                    + " connect again");
        }
        return new GrantedToken(body.get("access_token").asString(),
                body.hasNonNull("scope") ? body.get("scope").asString() : null);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "github_unavailable", "GitHub's token endpoint is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.BAD_GATEWAY, "github_unavailable", "The request to GitHub was interrupted");
        }
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
