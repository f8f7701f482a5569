package io.codingit.preview.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code {port}-{sbxId}-{secret}} label of a preview host name, e.g. {@code 8000-sbxab12-3f9c….localhost}. */
record PreviewHost(int port, String sandboxId, String secret) {
    private static final Pattern LABEL = Pattern.compile("(\\d{1,5})-([a-z0-9]{1,64})-([a-f0-9]{32})");

    String label() {
        return port + "-" + sandboxId + "-" + secret;
    }

    /** Whether the Host header (port and case ignored) names a subdomain of {@code baseDomain}: preview territory. */
    static boolean isUnder(String hostHeader, String baseDomain) {
        return hostHeader != null && hostName(hostHeader).endsWith("." + baseDomain.toLowerCase(Locale.ROOT));
    }

    /** Parses a preview Host header; empty when it is not a well-formed preview host under {@code baseDomain}. */
    static Optional<PreviewHost> parse(String hostHeader, String baseDomain) {
        if (!isUnder(hostHeader, baseDomain)) {
            return Optional.empty();
        }
        String host = hostName(hostHeader);
        String suffix = "." + baseDomain.toLowerCase(Locale.ROOT);
        Matcher m = LABEL.matcher(host.substring(0, host.length() - suffix.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(m.group(1));
        return port > 65535 ? Optional.empty() : Optional.of(new PreviewHost(port, m.group(2), m.group(3)));
    }

    private static String hostName(String hostHeader) {
        String host = hostHeader.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
    }
}
