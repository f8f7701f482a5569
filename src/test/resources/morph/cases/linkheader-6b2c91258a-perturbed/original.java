package io.codingit.github.internal;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GitHub's pagination header: {@code <https://api.github.com/...&page=2>; rel="next", <...>; rel="last"}. */
final class LinkHeader {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]*)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?(?:[^\"]*\\s)?next(?:\\s[^\"]*)?\"?");

    private LinkHeader() {
    }

    static Optional<URI> next(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher m = LINK.matcher(header);
        while (m.find()) {
            if (REL_NEXT.matcher(m.group(2)).find()) {
                return Optional.of(URI.create(m.group(1).trim()));
            }
        }
        return Optional.empty();
    }
}
