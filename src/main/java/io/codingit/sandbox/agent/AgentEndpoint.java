package io.codingit.sandbox.agent;

import java.nio.file.Path;
import java.util.Objects;

import org.eclipse.jetty.io.Transport;

/** Where a sandbox's agent listens: a unix socket on this host, or a TCP address (a pod, a network namespace). */
public sealed interface AgentEndpoint {

    /** The Jetty transport that reaches the agent. */
    Transport transport();

    /** The scheme and authority requests are addressed to (the Host header; the transport decides where they go). */
    String authority();

    /** How it is written in the registry: {@code unix:/path} or {@code tcp:host:port}. */
    String describe();

    static AgentEndpoint parse(String text) {
        if (text.startsWith("unix:")) {
            return new Unix(Path.of(text.substring("unix:".length())));
        }
        if (text.startsWith("tcp:")) {
            String address = text.substring("tcp:".length());
            int colon = address.lastIndexOf(':');
            if (colon > 0) {
                return new Tcp(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
            }
        }
        throw new IllegalArgumentException("an agent endpoint is unix:PATH or tcp:HOST:PORT");
    }

    record Unix(Path socket) implements AgentEndpoint {
        public Unix {
            Objects.requireNonNull(socket, "socket");
        }

        @Override
        public Transport transport() {
            return new Transport.TCPUnix(socket);
        }

        /** A host name of this socket's own (".invalid" never resolves), mapped to it by {@link AgentTransport}. */
        String host() {
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return "u" + java.util.HexFormat.of().formatHex(digest, 0, 12) + ".agent.invalid";
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String authority() {
            return host();
        }

        @Override
        public String describe() {
            return "unix:" + socket;
        }
    }

    record Tcp(String host, int port) implements AgentEndpoint {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid port: " + port);
            }
        }

        @Override
        public Transport transport() {
            return Transport.TCP_IP;
        }

        @Override
        public String authority() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String describe() {
            return "tcp:" + host + ":" + port;
        }
    }
}
