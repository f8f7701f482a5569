package io.codingit.persistence;

import io.codingit.CodingItApplication;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default keeps its data: an account made before a restart logs in after it, with the
 * same id, and a token issued before the restart is still accepted (the signing key is kept too).
 */
class H2RestartTest {
    @TempDir
    Path dataDir;

    @Test
    void accountsAndSessionsSurviveARestart() {
        SignedUpUser user;
        try (ConfigurableApplicationContext first = start()) {
            TestApi api = new TestApi(port(first));
            user = TestUsers.signUp(api);
            assertThat(api.as(user.accessToken()).get("/api/auth/me").status()).isEqualTo(200);
        }
        assertThat(Files.exists(dataDir.resolve("codingit.mv.db"))).isTrue();

        try (ConfigurableApplicationContext second = start()) {
            TestApi api = new TestApi(port(second));
            TestApi.Response me = api.as(user.accessToken()).get("/api/auth/me");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("id").asString()).isEqualTo(user.id());

            TestApi.Response login = api.post("/api/auth/login",
                    Map.of("email", user.email(), "password", user.password()));
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.json().get("user").get("id").asString()).isEqualTo(user.id());
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CodingItApplication.class)
                .profiles("test")
                .run("--server.port=0", "--codingit.data-dir=" + dataDir);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
