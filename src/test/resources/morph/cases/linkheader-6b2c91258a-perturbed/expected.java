package io.codingit.github.internal;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GitHub's pagination header: {@code <https://api.github.com/...&page=2>; rel="next", <...>; rel="last"}. */
final class LinkHeader {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]*)*)");
    /** {@code rel="a b"} (a space-separated list) or {@code rel=a}. */
    private static final Pattern REL = Pattern.compile(";\\s*rel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,\"]+))");

    private LinkHeader() {
    }

    static Optional<URI> next(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher m = LINK.matcher(header);
        while (m.find()) {
            Matcher rel = REL.matcher(m.group(2));
            if (rel.find() && isNext(rel.group(1) != null ? rel.group(1) : rel.group(2))) {
                return Optional.of(URI.create(m.group(1).trim()));
            }
        }
        return Optional.empty();
    }

    private static boolean isNext(String relations) {
        for (String relation : relations.trim().split("\\s+")) {
            if (relation.equalsIgnoreCase("next")) {
                return true;
            }
        }
        return false;
    }
}
