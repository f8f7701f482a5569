package io.codingit.preview;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code codingit.preview.*}.
 *
 * @param baseDomain   previews are served at {@code http://{port}-{sbxId}-{secret}.{baseDomain}:{serverPort}/};
 *                     browsers resolve every {@code *.localhost} name to the loopback
 * @param baseUrl      when set (e.g. {@code https://preview.example.com}), previews are served under that
 *                     domain instead: {@code https://{port}-{sbxId}-{secret}.preview.example.com/}, with its
 *                     scheme and port (a TLS-terminating proxy with a wildcard certificate in front); its
 *                     host replaces {@code baseDomain}
 * @param startTimeout how long a web template's app may take to answer on its port
 */
@ConfigurationProperties("codingit.preview")
public record PreviewProperties(@DefaultValue("localhost") String baseDomain,
                                @DefaultValue("") String baseUrl,
                                @DefaultValue("120s") Duration startTimeout) {
    public PreviewProperties {
        if (baseUrl != null && !baseUrl.isBlank()) {
            URI uri = parse(baseUrl);
            baseDomain = uri.getHost().toLowerCase(Locale.ROOT);
            baseUrl = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + baseDomain
                    + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } else {
            baseUrl = "";
        }
    }

    /** The URL of a preview whose host label is {@code label}, on a server listening on {@code serverPort}. */
    public String urlOf(String label, String serverPort) {
        if (baseUrl.isEmpty()) {
            return "http://" + label + "." + baseDomain + ":" + serverPort + "/";
        }
        int schemeEnd = baseUrl.indexOf("://") + 3;
        return baseUrl.substring(0, schemeEnd) + label + "." + baseUrl.substring(schemeEnd) + "/";
    }

    private static URI parse(String baseUrl) {
        URI uri;
        try {
            uri = URI.create(baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("codingit.preview.base-url is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("codingit.preview.base-url must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("codingit.preview.base-url must be scheme://host[:port] only"
                    + " (previews are subdomains of that host; no path, user, query or fragment)");
        }
        return uri;
    }
}
