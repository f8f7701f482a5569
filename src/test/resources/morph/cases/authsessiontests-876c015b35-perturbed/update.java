// ...
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
    // ...
    int port;
    @Autowired
    JdbcClient jdbc;
    TestApi api;
// ...

    @Test
    void anExpiredRefreshTokenIs401() {
        TestApi.Response signup = api.post("/api/auth/signup",
                Map.of("email", newEmail(), "password", "correct horse battery"));
        String userId = signup.json().get("user").get("id").asString();
        jdbc.sql("UPDATE refresh_tokens SET expires_at = ? WHERE family_id IN "
                        + "(SELECT id FROM session_families WHERE user_id = ?)")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), userId).update();
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", refreshCookie(signup))).status())
                .isEqualTo(401);
    }

    @Test
// ...
