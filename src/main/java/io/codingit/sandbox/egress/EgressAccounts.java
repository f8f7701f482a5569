package io.codingit.sandbox.egress;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.codingit.sandbox.RegistryEgressProperties;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts of the sandboxes the proxy serves, and which one a request is charged to: a local sandbox's by
 * the name of its socket's connector (its id), a sandbox on another host's by the proxy credentials it sends
 * on the TCP connector.
 */
final class EgressAccounts {
    /** The name of the connector sandboxes on other hosts reach; every other connector is named by its sandbox. */
    static final String TCP_CONNECTOR = "registry-proxy-tcp";

    private final RegistryEgressProperties properties;
    private final RegistryProxyCredentials credentials;
    private final Map<String, EgressAccount> accounts = new ConcurrentHashMap<>();
    /** Accounts of sandboxes that reach the proxy over TCP, forgotten a while after their last connection. */
    private final Cache<String, EgressAccount> remoteAccounts;

    /** @param credentials names the sandboxes behind TCP requests; null when the proxy does not listen on TCP */
    EgressAccounts(RegistryEgressProperties properties, RegistryProxyCredentials credentials) {
        this.properties = properties;
        this.credentials = credentials;
        this.remoteAccounts = Caffeine.newBuilder().expireAfterAccess(properties.timeBudget().plusHours(1)).build();
    }

    /** Starts an empty account for a local sandbox, replacing any it had. */
    void open(String sandboxId) {
        accounts.put(sandboxId, newAccount(sandboxId));
    }

    void forget(String sandboxId) {
        accounts.remove(sandboxId);
    }

    /** Bytes a sandbox has moved through the proxy so far (0 for an unknown id). */
    long bytesUsed(String sandboxId) {
        EgressAccount account = accounts.getOrDefault(sandboxId, remoteAccounts.getIfPresent(sandboxId));
        return account == null ? 0 : account.bytes();
    }

    /** The account of the sandbox behind a request: by its socket, or over TCP by its credentials; else null. */
    EgressAccount of(Request request) {
        String name = request.getConnectionMetaData().getConnector().getName();
        if (TCP_CONNECTOR.equals(name)) {
            String sandboxId = credentials.sandboxOf(request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION));
            return sandboxId == null ? null : remoteAccounts.get(sandboxId, this::newAccount);
        }
        return name == null ? null : accounts.get(name);
    }

    static boolean overTcp(Request request) {
        return TCP_CONNECTOR.equals(request.getConnectionMetaData().getConnector().getName());
    }

    private EgressAccount newAccount(String sandboxId) {
        return new EgressAccount(sandboxId, properties.byteBudget().toBytes(), properties.timeBudget());
    }
}
