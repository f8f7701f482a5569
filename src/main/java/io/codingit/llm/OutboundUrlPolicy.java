package io.codingit.llm;


import io.codingit.common.DomainException.Kind;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one rule for every outbound URL a caller can influence (an LLM base URL, a repository URL):
 * <ul>
 *   <li>the scheme is https, unless the operator allow-listed the host (then http is fine too, e.g. a
 *       local Ollama);</li>
 *   <li>the host is not an IP address in a non-standard notation ({@code 0x7f000001},
 *       {@code 2130706433}, {@code 0177.0.0.1}), which some clients read as an address and others as a name;</li>
 *   <li>every address the host resolves to is public: not loopback, private (RFC 1918, ULA
 *       {@code fc00::/7}), link-local, carrier-grade NAT, multicast, unspecified or a cloud metadata
 *       address; {@code localhost} and {@code *.localhost} are loopback without asking a resolver.</li>
 * </ul>
 * Operator allow-listed hosts (compared with the host as written in the URL, case-insensitively)
 * skip the address check. Our HTTP clients never follow redirects, so a redirect cannot lead past
 * this check; {@link #checkRedirect} exists for clients that must follow one.
 * <p>
 * Known limit: the check resolves the name, and the HTTP client resolves it again when it connects
 * (DNS rebinding between the two is not prevented by this class alone).
 */
public final class OutboundUrlPolicy {
    private static final Pattern NON_STANDARD_NUMERIC_HOST = Pattern.compile(
            "(?i)^(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}$");
    private static final Pattern DOTTED_DECIMAL = Pattern.compile(
            "^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$");
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "instance-data");

    private final Set<String> allowedHosts;
    private final HostResolver resolver;

    public OutboundUrlPolicy(List<String> allowedHosts, HostResolver resolver) {
        this.allowedHosts = allowedHosts.stream()
                .map(String::trim)
                .filter(h -> !h.isEmpty())
                .map(OutboundUrlPolicy::normalizeHost)
                .collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /**
     * Checks a caller-supplied URL; returns it parsed when it may be used, else throws a 400 whose
     * message says why (without echoing the URL's credentials or query).
     */
    public URI check(String url, String what) {
        URI uri = parse(url, what);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new LlmException(Kind.INVALID, what + " must be an https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new LlmException(Kind.INVALID, what + " must not contain credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new LlmException(Kind.INVALID, what + " has no host");
        }
        String normalized = normalizeHost(host);
        if (allowedHosts.contains(normalized)) {
            return uri;
        }
        if (!scheme.equals("https")) {
            throw new LlmException(Kind.INVALID, what + " must use https (plain http only for hosts the operator allowed)");
        }
        checkAddresses(normalized, what);
        return uri;
    }

    /** A redirect from {@code current} to {@code location} is followed only if the target passes {@link #check}. */
    public URI checkRedirect(URI current, String location, String what) {
        URI target;
        try {
            target = current.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new LlmException(Kind.INVALID, what + " redirected to an invalid location");
        }
        return check(target.toString(), what + " (after a redirect)");
    }

    /**
     * The address half of {@link #check} for URLs that are not http(s) (e.g. an ssh git URL, whose scheme
     * and syntax the caller checks itself): unless the host is allow-listed, it must not be written in a
     * non-standard numeric notation, name a local or metadata host, or resolve to anything but public
     * addresses. Throws a 400 naming {@code what}.
     */
    public void checkHost(String host, String what) {
        if (host == null || host.isBlank()) {
            throw new LlmException(Kind.INVALID, what + " has no host");
        }
        String normalized = normalizeHost(host);
        if (!allowedHosts.contains(normalized)) {
            checkAddresses(normalized, what);
        }
    }

    /**
     * The addresses a connection to {@code host} may use, each checked as {@link #check} does (allow-listed
     * hosts: as resolved). A client that connects only to these (pinning) leaves no second lookup that DNS
     * rebinding could answer differently. Throws a 400 naming {@code what}.
     */
    public List<InetAddress> resolveChecked(String host, String what) {
        if (host == null || host.isBlank()) {
            throw new LlmException(Kind.INVALID, what + " has no host");
        }
        String normalized = normalizeHost(host);
        if (!allowedHosts.contains(normalized)) {
            return checkAddresses(normalized, what);
        }
        try {
            boolean literal = normalized.contains(":") || DOTTED_DECIMAL.matcher(normalized).matches();
            return literal ? List.of(InetAddress.getByName(normalized)) : resolver.resolve(normalized);
        } catch (UnknownHostException e) {
            throw new LlmException(Kind.INVALID, what + " has a host that cannot be resolved");
        }
    }

    /** Whether the operator allow-listed this host (as written in a URL). */
    public boolean isAllowListed(String host) {
        return host != null && allowedHosts.contains(normalizeHost(host));
    }

    private List<InetAddress> checkAddresses(String host, String what) {
        boolean literal = host.contains(":") || DOTTED_DECIMAL.matcher(host).matches();
        if (!literal && NON_STANDARD_NUMERIC_HOST.matcher(host).matches()) {
            throw new LlmException(Kind.INVALID, what + " names an IP address in a non-standard notation");
        }
        if (host.equals("localhost") || host.endsWith(".localhost") || METADATA_HOSTS.contains(host)) {
            throw new LlmException(Kind.INVALID, what + " points to a local or internal address");
        }
        List<InetAddress> addresses;
        try {
            addresses = literal ? List.of(InetAddress.getByName(host)) : resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new LlmException(Kind.INVALID, what + " has a host that cannot be resolved");
        }
        if (addresses.isEmpty()) {
            throw new LlmException(Kind.INVALID, what + " has a host that cannot be resolved");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new LlmException(Kind.INVALID, what + " points to a local or internal address");
            }
        }
        return addresses;
    }

    /** True for addresses on the public internet; false for every kind of local, private or special address. */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local (includes fd00:ec2::254, AWS metadata over IPv6)
            }
            if (isV4Mapped(b) || isV4Compatible(b) || isNat64(b)) {
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x02) {
                // 6to4 2002::/16 embeds an IPv4 address in bytes 2..5
                return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]});
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return !(a0 == 0                                   // "this network"
                || a0 == 10                                 // private
                || a0 == 127                                // loopback
                || (a0 == 100 && a1 >= 64 && a1 <= 127)     // carrier-grade NAT (Alibaba metadata 100.100.100.200)
                || (a0 == 169 && a1 == 254)                 // link-local (cloud metadata 169.254.169.254)
                || (a0 == 172 && a1 >= 16 && a1 <= 31)      // private
                || (a0 == 192 && a1 == 168)                 // private
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                || (a0 == 198 && (a1 == 18 || a1 == 19))    // benchmarking
                || a0 >= 224);                              // multicast, reserved, broadcast
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static boolean isV4Compatible(byte[] b) {
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNat64(byte[] b) {
        // 64:ff9b::/96
        return b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b
                && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 && b[10] == 0 && b[11] == 0;
    }

    private static URI parse(String url, String what) {
        if (url == null || url.isBlank()) {
            throw new LlmException(Kind.INVALID, what + " is empty");
        }
        try {
            return new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new LlmException(Kind.INVALID, what + " is not a valid URL");
        }
    }

    private static String normalizeHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
