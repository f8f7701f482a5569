package io.codingit.sandbox.egress;

import io.codingit.common.SecretCipher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Who is calling the registry proxy over TCP. A local sandbox is known by the unix socket it reaches the proxy
 * through; a sandbox on another host (a Kubernetes pod) reaches it over the network, so it names itself with
 * proxy credentials: its sandbox id as the user name and a password that is a keyed digest of that id. Every
 * server holding the sandbox registry's key checks it without a lookup, so a pod may land on any server
 * replica. The password lets its holder spend that one sandbox's egress budget and nothing else: it is handed
 * to the sandbox itself, in its proxy variables.
 */
public final class RegistryProxyCredentials {
    private static final String PURPOSE = "registry proxy";
    private static final int MAX_HEADER = 1024;

    private final SecretCipher key;

    public RegistryProxyCredentials(SecretCipher key) {
        this.key = key;
    }

    public String password(String sandboxId) {
        return key.mac(sandboxId, PURPOSE);
    }

    /** The proxy URL a sandbox uses, with its credentials: {@code http://<id>:<password>@<hostAndPort>}. */
    public String proxyUrl(String sandboxId, String hostAndPort) {
        return "http://" + sandboxId + ":" + password(sandboxId) + "@" + hostAndPort;
    }

    /** The sandbox a {@code Proxy-Authorization} header proves, or null when it proves none. */
    String sandboxOf(String proxyAuthorization) {
        if (proxyAuthorization == null || proxyAuthorization.length() > MAX_HEADER
                || !proxyAuthorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(proxyAuthorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String sandboxId = decoded.substring(0, colon);
        byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        byte[] expected = password(sandboxId).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected) ? sandboxId : null;
    }
}
