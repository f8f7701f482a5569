package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.SandboxProperties.Egress;
import io.codingit.sandbox.egress.RegistryProxyCredentials;
import io.codingit.sandbox.egress.SandboxEnvironment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a sandbox pod's agent is started with besides its listen address: the same command environment as a
 * local sandbox ({@link SandboxEnvironment}), and, for {@code egress: registries}, the route to the servers'
 * registry proxy. Inside the pod pip and npm use {@code 127.0.0.1:3128} as locally; the agent pipes it to the
 * proxy's TCP port on the servers ({@code egress-proxy-address}), and the proxy URL carries the sandbox's
 * credentials, since over the network the proxy cannot tell sandboxes apart by their socket.
 *
 * @param proxyAddress where the servers' proxy answers pods ({@code HOST:PORT}); blank: no route, so a pod gets
 *                     no egress at all under {@code registries}
 * @param credentials  the sandbox credentials the proxy checks; null when the proxy is not running
 */
record PodEnvironment(SandboxEnvironment environment, String proxyAddress, RegistryProxyCredentials credentials) {

    /** Whether pods reach the registry proxy: {@code egress: registries} with an address and a running proxy. */
    boolean routesToProxy() {
        return environment.egress() == Egress.REGISTRIES && !proxyAddress.isBlank() && credentials != null;
    }

    /** The port the servers' proxy answers pods on (the NetworkPolicy lets pods reach it), or -1. */
    int proxyPort() {
        return routesToProxy() ? Integer.parseInt(proxyAddress.substring(proxyAddress.lastIndexOf(':') + 1)) : -1;
    }

    /** The agent's arguments for one sandbox: its command environment and, when routed, the proxy bridge. */
    List<String> agentArguments(String sandboxId) {
        List<String> args = new ArrayList<>();
        Map<String, String> variables = routesToProxy()
                ? environment.variables(credentials.proxyUrl(sandboxId, SandboxEnvironment.PROXY_ADDRESS))
                : new SandboxEnvironment(environment.egress() == Egress.REGISTRIES ? Egress.NONE : environment.egress(),
                        null).variables();
        variables.forEach((name, value) -> {
            args.add("--env");
            args.add(name + "=" + value);
        });
        if (routesToProxy()) {
            args.add("--forward");
            args.add("tcp:" + SandboxEnvironment.PROXY_ADDRESS + "=tcp:" + proxyAddress);
        }
        return args;
    }

    /** How pods reach the network, for health. */
    String describe() {
        if (environment.egress() != Egress.REGISTRIES) {
            return environment.egress().name().toLowerCase();
        }
        if (routesToProxy()) {
            return "registries, through the servers' registry proxy at " + proxyAddress;
        }
        return "none: egress 'registries' needs codingit.sandbox.kubernetes.egress-proxy-address and "
                + "codingit.sandbox.registries.tcp-listen, so pods get no egress (docs/deploy.md)";
    }
}
