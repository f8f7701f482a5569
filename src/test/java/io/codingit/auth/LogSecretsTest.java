package io.codingit.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures everything logged (the root logger at DEBUG, the web, security and our own loggers at
 * TRACE: far more than production logs) during signup, a failed and a successful login, a refresh, the creation
 * and use of an API token and a cookie-authenticated call, and asserts that no password or token
 * appears in it.
 */
@IntegrationTest
class LogSecretsTest {
    /** TRACE makes Spring MVC log whole request and response bodies, not just their first 100 characters. */
    private static final List<String> VERBOSE = List.of("io.codingit", "org.springframework.web",
            "org.springframework.security");

    @LocalServerPort
    int port;
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Map<String, Level> previousLevels = new HashMap<>();
    private Logger root;
    private Level previousRootLevel;

    @BeforeEach
    void capture() {
        root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        previousRootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
        for (String name : VERBOSE) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            previousLevels.put(name, logger.getLevel());
            logger.setLevel(Level.TRACE);
        }
    }

    @AfterEach
    void restore() {
        root.detachAppender(captured);
        root.setLevel(previousRootLevel);
        previousLevels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    @Test
    void noPasswordOrTokenIsEverLogged() {
        TestApi api = new TestApi(port);
        String email = "logs-" + UUID.randomUUID() + "@example.test";
        String password = "Secret-" + UUID.randomUUID();
        String wrongPassword = "Wrong-" + UUID.randomUUID();

        TestApi.Response signup = api.post("/api/auth/signup", Map.of("email", email, "password", password));
        assertThat(signup.status()).isEqualTo(201);
        assertThat(api.post("/api/auth/login", Map.of("email", email, "password", wrongPassword)).status())
                .isEqualTo(401);
        TestApi.Response login = api.post("/api/auth/login", Map.of("email", email, "password", password));
        assertThat(login.status()).isEqualTo(200);
        String accessToken = login.json().get("accessToken").asString();
        String refreshToken = login.json().get("refreshToken").asString();
        TestApi.Response refreshed = api.post("/api/auth/refresh", Map.of("refreshToken", refreshToken));
        assertThat(refreshed.status()).isEqualTo(200);
        TestApi.Response created = api.as(accessToken).post("/api/auth/tokens", Map.of("name", "logging"));
        assertThat(created.status()).isEqualTo(201);
        String apiToken = created.json().get("token").asString();
        assertThat(api.as(apiToken).get("/api/auth/me").status()).isEqualTo(200);
        assertThat(api.withHeader("Cookie", "codingit_access=" + accessToken).get("/api/auth/me").status())
                .isEqualTo(200);
        assertThat(api.as(apiToken + "x").get("/api/auth/me").status()).isEqualTo(401);

        String log = captured.list.stream().map(LogSecretsTest::render).collect(Collectors.joining("\n"));
        assertThat(captured.list).as("the capture itself works").isNotEmpty();
        assertThat(log).contains("/api/auth/login");
        for (String secret : List.of(password, wrongPassword, accessToken, refreshToken,
                signup.json().get("accessToken").asString(), signup.json().get("refreshToken").asString(),
                refreshed.json().get("accessToken").asString(), refreshed.json().get("refreshToken").asString(),
                apiToken, apiToken.substring(4))) {
            assertThat(log).doesNotContain(secret);
        }
    }

    private static String render(ILoggingEvent event) {
        String text = event.getFormattedMessage() + " " + event.getMDCPropertyMap();
        return event.getThrowableProxy() == null ? text
                : text + "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }
}
