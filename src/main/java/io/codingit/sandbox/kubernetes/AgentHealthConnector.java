package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.SandboxFiles;
import io.codingit.sandbox.spi.SandboxProcess;
import io.codingit.sandbox.spi.SandboxUnavailableException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reaches the agent's health route with a signed call (docs/sandbox-protocol.md, "Authentication"), which is how
 * the provider knows a new pod is ready. The other operations need the agent client of the sandbox feature
 * ({@code io.codingit.sandbox.agent}); until it is wired here they answer 503 saying so.
 */
final class AgentHealthConnector implements AgentConnector {
    private static final String HEALTH = "/v1/health";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final SecureRandom random = new SecureRandom();

    @Override
    public AgentSession connect(String sandboxId, String host, int port, byte[] secret) {
        return new AgentSession() {
            @Override
            public boolean healthy() {
                String timestamp = Long.toString(System.currentTimeMillis() / 1000);
                byte[] nonceBytes = new byte[16];
                random.nextBytes(nonceBytes);
                String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
                String authority = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + authority + HEALTH))
                        .timeout(Duration.ofSeconds(2))
                        .header("X-Codingit-Timestamp", timestamp)
                        .header("X-Codingit-Nonce", nonce)
                        .header("Authorization", "CodingIT-HMAC-SHA256 " + sign(secret, "GET\n" + HEALTH + "\n" + timestamp + "\n" + nonce))
                        .GET().build();
                try {
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }

            @Override
            public CommandResult run(Command command) {
                throw notWired();
            }

            @Override
            public SandboxProcess start(Command command) {
                throw notWired();
            }

            @Override
            public SandboxFiles files() {
                throw notWired();
            }
        };
    }

    private static SandboxUnavailableException notWired() {
        return new SandboxUnavailableException("commands and files of Kubernetes sandboxes need the agent client, "
                + "which this build does not wire yet");
    }

    static String sign(byte[] secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
