package io.codingit.github.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.github.GitHubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A thin typed client for GitHub's REST API over the JDK HTTP client: the configured base URL,
 * GitHub's media type and API version, timeouts, conditional requests through {@link ETagCache},
 * {@code Link} pagination, and GitHub's failures turned into our errors by {@link GitHubErrors}.
 * Redirects are followed by hand and only within the API's origin, so a token never leaves for
 * another host (neither through a redirect nor through a {@code next} link).
 */
@Component
class GitHubClient {
    private static final Logger log = LoggerFactory.getLogger(GitHubClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_REDIRECTS = 3;

    private final GitHubProperties properties;
    private final URI base;
    /** Built on first use: a JDK client holds a selector thread, and most servers never call GitHub. */
    private final SingletonSupplier<HttpClient> http;
    private final ETagCache cache;

    GitHubClient(GitHubProperties properties) {
        this.properties = properties;
        this.base = properties.apiBase();
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
        this.cache = new ETagCache(properties.etagCacheSize().toBytes());
    }

    /** One page: {@code path} is already encoded (see {@link GitHubPaths}) and may carry a query. */
    JsonNode get(String token, String path) {
        return fetch(token, resolve(path)).body();
    }

    /** Every page of a list, following {@code rel="next"} up to {@code max-pages} pages. */
    List<JsonNode> getAllPages(String token, String path) {
        List<JsonNode> items = new ArrayList<>();
        URI next = resolve(path);
        for (int page = 0; next != null; page++) {
            if (page == properties.maxPages()) {
                log.warn("Stopped following GitHub pages after {} pages of {}", page, path);
                break;
            }
            Page fetched = fetch(token, next);
            if (!fetched.body().isArray()) {
                throw GitHubErrors.unexpectedShape();
            }
            fetched.body().forEach(items::add);
            next = fetched.next().orElse(null);
        }
        return items;
    }

    /**
     * {@code POST path} with a JSON body; the raw response, for the caller to read its status
     * (GitHub's 422 means different things per route). Redirects are not followed: a write is
     * never replayed elsewhere.
     */
    HttpResponse<String> post(String token, String path, String json) {
        return write("POST", token, path, json);
    }

    /** {@code PATCH path} with a JSON body, as {@link #post}. */
    HttpResponse<String> patch(String token, String path, String json) {
        return write("PATCH", token, path, json);
    }

    private HttpResponse<String> write(String method, String token, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(resolve(path))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", properties.apiVersion())
                .header("User-Agent", properties.userAgent())
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        return exchange(request);
    }

    /** Drops the cached answers fetched with {@code token} (the user disconnected it). */
    void forget(String token) {
        cache.removeAllStartingWith(cacheKeyPrefix(token));
    }

    private static String cacheKeyPrefix(String token) {
        return Sha256.hex(token) + " ";
    }

    /** The body of a page and the link to the one after it, if any. */
    record Page(JsonNode body, Optional<URI> next) {
    }

    private Page fetch(String token, URI uri) {
        String cacheKey = cacheKeyPrefix(token) + uri;
        Optional<ETagCache.Entry> cached = cache.get(cacheKey);
        HttpResponse<String> response = send(token, uri, cached.map(ETagCache.Entry::etag).orElse(null));
        int status = response.statusCode();
        if (status == 304 && cached.isPresent()) {
            return page(cached.get().body(), cached.get().link());
        }
        if (status >= 200 && status < 300) {
            String link = response.headers().firstValue("Link").orElse(null);
            Page page = page(response.body(), link);
            response.headers().firstValue("ETag")
                    .ifPresentOrElse(etag -> cache.put(cacheKey, new ETagCache.Entry(etag, response.body(), link)),
                            () -> cache.remove(cacheKey));
            return page;
        }
        throw GitHubErrors.map(response);
    }

    private Page page(String body, String link) {
        try {
            return new Page(JSON.readTree(body), LinkHeader.next(link).map(this::withinApi));
        } catch (JacksonException | IllegalArgumentException e) {
            throw GitHubErrors.unexpectedShape();
        }
    }

    private HttpResponse<String> send(String token, URI uri, String etag) {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(properties.requestTimeout())
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", properties.apiVersion())
                    .header("User-Agent", properties.userAgent())
                    .header("Authorization", "Bearer " + token)
                    .GET();
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            HttpResponse<String> response = exchange(request.build());
            int status = response.statusCode();
            boolean redirect = status == 301 || status == 302 || status == 307 || status == 308;
            if (!redirect || hop == MAX_REDIRECTS) {
                return response;
            }
            // A renamed or transferred repository answers with a redirect to its new API URL.
            target = withinApi(target.resolve(response.headers().firstValue("Location")
                    .orElseThrow(GitHubErrors::unexpectedShape)));
        }
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.obtain().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new GitHubException(Kind.UPSTREAM_FAILED, "github_unavailable", "GitHub did not answer in time");
        } catch (ConnectException e) {
            throw new GitHubException(Kind.UPSTREAM_FAILED, "github_unavailable", "GitHub is unreachable");
        } catch (IOException e) {
            throw new GitHubException(Kind.UPSTREAM_FAILED, "github_unavailable",
                    "The connection to GitHub failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException(Kind.UPSTREAM_FAILED, "github_unavailable", "The request to GitHub was interrupted");
        }
    }

    private URI resolve(String path) {
        return URI.create(base + path);
    }

    /** Refuses URLs GitHub hands us (next links, redirects) that point outside the configured API. */
    private URI withinApi(URI uri) {
        boolean sameOrigin = base.getScheme().equalsIgnoreCase(uri.getScheme())
                && base.getHost().equalsIgnoreCase(uri.getHost())
                && effectivePort(base) == effectivePort(uri)
                && isUnderBasePath(uri.getRawPath());
        if (!sameOrigin) {
            throw new GitHubException(Kind.UPSTREAM_FAILED, "github_unavailable",
                    "GitHub pointed to a URL outside its API; refusing to follow it");
        }
        return uri;
    }

    private boolean isUnderBasePath(String path) {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        return path != null && (basePath.isEmpty() || path.equals(basePath) || path.startsWith(basePath + "/"));
    }

    /** {@code https://h} and {@code https://h:443} are the same origin. */
    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
