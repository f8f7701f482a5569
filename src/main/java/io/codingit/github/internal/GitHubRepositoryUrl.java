package io.codingit.github.internal;


import io.codingit.common.DomainException.Kind;
import io.codingit.github.GitHubException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Owner and name of a GitHub repository, read from its clone URL. */
record GitHubRepositoryUrl(String owner, String name) {
    private static final String PART = "([A-Za-z0-9][A-Za-z0-9_.-]{0,99})";
    private static final Pattern PATH = Pattern.compile("/?" + PART + "/" + PART + "/?");
    private static final Pattern SCP = Pattern.compile("git@([A-Za-z0-9.-]+):" + PART + "/" + PART + "/?");

    /**
     * Accepts https, ssh and scp-like URLs on {@code github.com} or {@code enterpriseHost} (the
     * host of a configured Enterprise API; null when the API is github.com's).
     */
    static GitHubRepositoryUrl parse(String url, String enterpriseHost) {
        return tryParse(url, enterpriseHost).orElseThrow(() -> new GitHubException(Kind.INVALID, 
                "The repository URL is not a GitHub repository (https://github.com/owner/repo)"));
    }

    static Optional<GitHubRepositoryUrl> tryParse(String url, String enterpriseHost) {
        if (url == null) {
            return Optional.empty();
        }
        String host;
        String path;
        Matcher scp = SCP.matcher(url);
        if (scp.matches()) {
            return allowed(scp.group(1), enterpriseHost) ? of(scp.group(2), scp.group(3)) : Optional.empty();
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("ssh") || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            if (scheme.equals("https") && uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            host = uri.getHost();
            path = uri.getRawPath();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
        if (host == null || path == null || !allowed(host, enterpriseHost)) {
            return Optional.empty();
        }
        Matcher m = PATH.matcher(path);
        return m.matches() ? of(m.group(1), m.group(2)) : Optional.empty();
    }

    private static Optional<GitHubRepositoryUrl> of(String owner, String name) {
        String repo = name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
        if (repo.isEmpty() || repo.equals(".") || repo.equals("..") || owner.equals("..")) {
            return Optional.empty();
        }
        return Optional.of(new GitHubRepositoryUrl(owner, repo));
    }

    private static boolean allowed(String host, String enterpriseHost) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("github.com") || h.equals("www.github.com")
                || (enterpriseHost != null && h.equalsIgnoreCase(enterpriseHost));
    }
}
