package io.codingit.sandbox.egress;

import io.codingit.llm.HostResolver;
import io.codingit.llm.OutboundUrlPolicy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides whether a sandbox may reach {@code host:port} through the egress proxy, and to which addresses.
 * <ul>
 *   <li>only allow-listed {@code host:port} pairs, compared as written (so {@code CONNECT 151.101.0.223:443}
 *       is refused even when that is where pypi.org lives: an IP literal passes only if it is itself listed);</li>
 *   <li>every address the name resolves to must be public, as the llm feature's outbound policy defines it
 *       (loopback, private, link-local, metadata, carrier-grade NAT and the rest refused), unless the operator
 *       listed the host as a private mirror;</li>
 *   <li>the proxy connects to the addresses checked here, never to a second lookup (no DNS rebinding window).</li>
 * </ul>
 */
final class EgressPolicy {
    private static final Pattern DOTTED_DECIMAL = Pattern.compile("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$");

    private final Set<RegistryDestination> allowed;
    private final Set<String> privateHosts;
    private final HostResolver resolver;

    EgressPolicy(List<String> allowList, List<String> privateHosts, HostResolver resolver) {
        this.allowed = allowList.stream().map(RegistryDestination::parse).collect(Collectors.toUnmodifiableSet());
        this.privateHosts = privateHosts.stream().map(RegistryDestination::parse).map(RegistryDestination::host)
                .collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /** The allow-list, for logs and health. */
    Set<RegistryDestination> allowed() {
        return allowed;
    }

    /** The addresses to connect to; throws {@link EgressRefusedException} saying why the destination is refused. */
    List<InetAddress> check(String rawHost, int port) {
        String host = normalize(rawHost);
        if (host.isEmpty()) {
            throw new EgressRefusedException("no destination host");
        }
        RegistryDestination destination = new RegistryDestination(host, port);
        if (!allowed.contains(destination)) {
            boolean hostListed = allowed.stream().anyMatch(d -> d.host().equals(host));
            throw new EgressRefusedException(hostListed
                    ? destination + " is refused: port " + port + " is not on the registry allow-list for " + host
                    : destination + " is refused: the host is not on the registry allow-list");
        }
        List<InetAddress> addresses;
        try {
            addresses = isLiteral(host) ? List.of(InetAddress.getByName(host)) : resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new EgressRefusedException(destination + " is refused: the host name does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new EgressRefusedException(destination + " is refused: the host name does not resolve");
        }
        if (!privateHosts.contains(host)) {
            for (InetAddress address : addresses) {
                if (!OutboundUrlPolicy.isPublic(address)) {
                    throw new EgressRefusedException(destination
                            + " is refused: it resolves to a local, private or metadata address");
                }
            }
        }
        return addresses;
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || DOTTED_DECIMAL.matcher(host).matches();
    }

    private static String normalize(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
