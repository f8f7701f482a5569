package io.codingit.sandbox.egress;

import java.util.Locale;

/** One allow-listed registry endpoint: a host name as written (lower case) and a port. */
record RegistryDestination(String host, int port) {
    private static final int DEFAULT_PORT = 443;

    /** Parses {@code host}, {@code host:port} or {@code [v6]:port}; throws with a message naming the entry. */
    static RegistryDestination parse(String entry) {
        String text = entry == null ? "" : entry.trim().toLowerCase(Locale.ROOT);
        if (text.isEmpty() || text.contains("/") || text.contains("@") || text.contains(" ")) {
            throw new IllegalArgumentException("registry allow-list entry '" + entry + "' is not host or host:port");
        }
        String host = text;
        int port = DEFAULT_PORT;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("registry allow-list entry '" + entry + "' has an unclosed [");
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                port = port(text.substring(close + 1), entry);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = port(text.substring(text.indexOf(':')), entry);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("registry allow-list entry '" + entry + "' has no host");
        }
        return new RegistryDestination(host, port);
    }

    private static int port(String colonAndPort, String entry) {
        if (!colonAndPort.startsWith(":") || colonAndPort.length() == 1) {
            throw new IllegalArgumentException("registry allow-list entry '" + entry + "' has no port after ':'");
        }
        try {
            int port = Integer.parseInt(colonAndPort.substring(1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("registry allow-list entry '" + entry + "' has an invalid port");
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
