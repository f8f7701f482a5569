package io.codingit.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * {@code codingit.sandbox.registries.*}: what a sandbox reaches with {@code egress: registries}, through
 * the server's egress proxy. docs/sandbox.md describes the mode and every key.
 *
 * @param hosts          the allow-list, as {@code host:port} (the port defaults to 443); nothing else is reachable
 * @param privateHosts   allow-listed hosts that may resolve to private or loopback addresses (a mirror on the
 *                       operator's own network); every other host must resolve to public addresses only
 * @param pythonIndexUrl the index pip and uv use ({@code PIP_INDEX_URL}, {@code UV_INDEX_URL})
 * @param npmRegistryUrl the registry npm and yarn use ({@code npm_config_registry})
 * @param byteBudget     bytes one sandbox may move through the proxy in its lifetime, both directions
 * @param timeBudget     total time one sandbox's connections may stay open, summed over all of them
 * @param connectTimeout how long the proxy waits for a registry to accept a connection
 * @param idleTimeout    a connection with no traffic for this long is closed
 * @param tcpListen      {@code HOST:PORT} where the proxy also listens on TCP for sandboxes on other hosts
 *                       (Kubernetes pods), each of which must send its proxy credentials; empty: sockets only
 * @param caCertificates PEM files of the CAs that sign a mirror's certificate (a company's private CA), trusted in
 *                       local sandboxes in addition to the system's roots; empty: the system's roots only
 */
@ConfigurationProperties("codingit.sandbox.registries")
public record RegistryEgressProperties(
        @DefaultValue({"pypi.org:443", "files.pythonhosted.org:443", "registry.npmjs.org:443"}) List<String> hosts,
        @DefaultValue({}) List<String> privateHosts,
        @DefaultValue("https://pypi.org/simple") String pythonIndexUrl,
        @DefaultValue("https://registry.npmjs.org/") String npmRegistryUrl,
        @DefaultValue("2GB") DataSize byteBudget,
        @DefaultValue("30m") Duration timeBudget,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("") String tcpListen,
        @DefaultValue({}) List<String> caCertificates) {

    @ConstructorBinding
    public RegistryEgressProperties {
        caCertificates = caCertificates == null ? List.of() : List.copyOf(caCertificates);
    }

    /** The settings without added CAs (tests that build them). */
    public RegistryEgressProperties(List<String> hosts, List<String> privateHosts, String pythonIndexUrl,
                                    String npmRegistryUrl, DataSize byteBudget, Duration timeBudget,
                                    Duration connectTimeout, Duration idleTimeout, String tcpListen) {
        this(hosts, privateHosts, pythonIndexUrl, npmRegistryUrl, byteBudget, timeBudget, connectTimeout, idleTimeout,
                tcpListen, List.of());
    }
}
