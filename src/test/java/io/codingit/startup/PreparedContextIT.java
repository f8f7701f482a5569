package io.codingit.startup;

import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, started as a user starts it ({@code java -jar}, no options), uses the context prepared at build
 * time, and that context serves requests; a setting that decides which beans exist makes it start the regular way.
 * Runs after {@code package} (failsafe), because only the packaged build has the prepared context.
 */
class PreparedContextIT {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final String PREPARED = "Starting with the context prepared at build time";
    private static final String NOT_PREPARED = "Starting without the context prepared at build time";
    /** Logged when the proxy's bean is made; its server starts with the first sandbox ("Registry egress proxy ready"). */
    private static final String EGRESS_PROXY_MADE = "Registry egress proxy starts with the first sandbox";

    @TempDir
    Path dataDir;

    @Test
    void thePackagedServerStartsFromThePreparedContextAndServes() throws Exception {
        try (Server server = Server.start(dataDir)) {
            assertThat(server.log()).contains(PREPARED).doesNotContain(NOT_PREPARED);
            TestApi api = server.api();
            assertThat(api.get("/api/health").status()).isEqualTo(200);
            var signUp = api.post("/api/auth/signup", Map.of("email", "prepared@example.com", "password", "a long enough passphrase 42"));
            assertThat(signUp.status()).as(signUp.body()).isEqualTo(201);
            String token = signUp.json().get("accessToken").asString();
            var me = api.as(token).get("/api/auth/me");
            assertThat(me.status()).as(me.body()).isEqualTo(200);
            assertThat(me.body()).contains("prepared@example.com");
            var anonymous = api.get("/api/auth/me");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.json().get("error").asBoolean()).isTrue();
            var description = api.get("/api/openapi.json");
            assertThat(description.status()).isEqualTo(200);
            assertThat(description.body()).contains("/api/auth/signup");
            // the registry egress proxy is one of the beans a condition (codingit.sandbox.egress) decided at build time
            assertThat(server.log()).contains(EGRESS_PROXY_MADE);
        }
    }

    @Test
    void aSettingThatDecidesWhichBeansExistMakesItStartTheRegularWay() throws Exception {
        try (Server server = Server.start(dataDir, "--codingit.sandbox.egress=none")) {
            assertThat(server.log()).contains(NOT_PREPARED).contains("codingit.sandbox.egress").doesNotContain(PREPARED);
            assertThat(server.api().get("/api/health").status()).isEqualTo(200);
            assertThat(server.log()).doesNotContain(EGRESS_PROXY_MADE).doesNotContain("Registry egress proxy ready");
        }
    }

    private record Server(Process process, TestApi api, Path logFile) implements AutoCloseable {
        static Server start(Path dataDir, String... arguments) throws IOException, InterruptedException {
            String jar = System.getProperty("codingit.jar");
            assertThat(jar).as("codingit.jar: the packaged server, set by failsafe").isNotNull();
            assertThat(Path.of(jar)).as("the packaged server").exists();
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar, "--server.port=" + port, "--codingit.data-dir=" + dataDir));
            command.addAll(List.of(arguments));
            Path log = dataDir.resolve("server.log"); // inside the temporary directory, removed with it
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // the settings of the machine running the build are not the server's: only the arguments above count
            builder.environment().keySet().removeIf(name -> name.startsWith("CODINGIT_") || name.equals("PORT"));
            Server server = new Server(builder.start(), new TestApi(port), log);
            server.awaitHealthy();
            return server;
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        private void awaitHealthy() throws IOException, InterruptedException {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                assertThat(process.isAlive()).as("the server exited; its log: %s", log()).isTrue();
                try {
                    if (api.get("/api/health").status() == 200) {
                        return;
                    }
                } catch (RuntimeException notListeningYet) {
                    // starting
                }
                Thread.sleep(250);
            }
            close();
            throw new AssertionError("the packaged server was not healthy within " + START_TIMEOUT + "; its log: " + log());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
