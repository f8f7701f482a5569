package io.codingit.github.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.time.Duration;

/**
 * {@code codingit.github.*}; docs/github.md lists every key with its environment variable.
 *
 * @param apiUrl              REST API base URL ({@code GITHUB_API_URL}); GitHub Enterprise: {@code https://host/api/v3}
 * @param tokenEncryptionKey  base64 of 32 bytes (AES-256-GCM) for stored tokens; blank = generated once
 *                            and kept in {@code <data-dir>/github/token-encryption-key}
 * @param sharedTokenFallback use {@link #sharedToken} for users without a connection of their own
 * @param sharedToken         the server-wide token ({@code GITHUB_TOKEN}); used only with the fallback on
 * @param apiVersion          sent as {@code X-GitHub-Api-Version}
 * @param userAgent           sent as {@code User-Agent} (GitHub rejects requests without one)
 * @param connectTimeout      TCP connect timeout towards GitHub
 * @param requestTimeout      time allowed for one GitHub response
 * @param etagCacheSize       bound of the conditional-request cache (cached bodies, least recently used evicted)
 * @param maxPages            pages followed at most when listing repositories (100 per page)
 * @param oauth               the OAuth web flow ("Connect GitHub")
 */
@ConfigurationProperties("codingit.github")
public record GitHubProperties(
        @DefaultValue("https://api.github.com") String apiUrl,
        String tokenEncryptionKey,
        @DefaultValue("false") boolean sharedTokenFallback,
        String sharedToken,
        @DefaultValue("2022-11-28") String apiVersion,
        @DefaultValue("CodingIT") String userAgent,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("20s") Duration requestTimeout,
        @DefaultValue("32MB") DataSize etagCacheSize,
        @DefaultValue("50") int maxPages,
        @DefaultValue OAuth oauth) {

    /** The base URL without a trailing slash, so that paths can simply be appended. */
    public URI apiBase() {
        String url = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        return URI.create(url);
    }

    /**
     * @param clientId     the OAuth app's client id ({@code GITHUB_CLIENT_ID}); blank = the flow is off
     * @param clientSecret the OAuth app's client secret ({@code GITHUB_CLIENT_SECRET})
     * @param authorizeUrl where the browser is sent to approve access
     * @param tokenUrl     where the code is exchanged for a token
     * @param redirectUri  the callback URL registered with the app; blank = GitHub uses the app's default
     * @param scope        scopes requested
     * @param successUrl   where the browser goes after a successful connection (the console's GitHub screen)
     * @param failureUrl   where the browser goes when connecting fails, with {@code error=<message>} added
     *                     (the console's GitHub screen shows it)
     * @param stateTtl     how long a started connection may take before its state expires
     */
    public record OAuth(
            String clientId,
            String clientSecret,
            @DefaultValue("https://github.com/login/oauth/authorize") String authorizeUrl,
            @DefaultValue("https://github.com/login/oauth/access_token") String tokenUrl,
            String redirectUri,
            @DefaultValue("repo read:org") String scope,
            @DefaultValue("/#/github") String successUrl,
            @DefaultValue("/#/github") String failureUrl,
            @DefaultValue("10m") Duration stateTtl) {

        public boolean enabled() {
            return hasText(clientId) && hasText(clientSecret);
        }
    }

    public boolean sharedTokenAvailable() {
        return sharedTokenFallback && hasText(sharedToken);
    }

    static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
