package io.codingit.llm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a host name into the addresses a connection would go to. The server uses the system
 * resolver; tests inject their own so that no name is ever looked up on the network.
 */
@FunctionalInterface
public interface HostResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    static HostResolver system() {
        return host -> Arrays.asList(InetAddress.getAllByName(host));
    }
}
