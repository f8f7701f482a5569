package io.codingit.auth.internal;

import io.codingit.support.EnvBinding;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The environment variable names docs/auth.md documents really bind, and the defaults are as documented. */
class AuthPropertiesBindingTest {

    private static AuthProperties bind(Map<String, Object> environment) {
        return EnvBinding.bind("codingit.auth", AuthProperties.class, environment);
    }

    @Test
    void defaults() {
        AuthProperties p = bind(Map.of());
        assertThat(p.issuer()).isEqualTo("codingit");
        assertThat(p.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.refreshTokenTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(p.bcryptStrength()).isEqualTo(12);
        assertThat(p.minPasswordLength()).isEqualTo(8);
        assertThat(p.apiTokenLastUsedInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.loginThrottle()).isEqualTo(new AuthProperties.LoginThrottle(5, 20, Duration.ofMinutes(15)));
        assertThat(p.supabase().audience()).isEqualTo("authenticated");
        assertThat(p.supabase().enabled()).isFalse();
    }

    @Test
    void documentedEnvironmentVariablesBind() {
        AuthProperties p = bind(Map.of(
                "CODINGIT_AUTH_JWT_SECRET", "s".repeat(40),
                "CODINGIT_AUTH_ACCESS_TOKEN_TTL", "5m",
                "CODINGIT_AUTH_BCRYPT_STRENGTH", "11",
                "CODINGIT_AUTH_LOGIN_THROTTLE_ACCOUNT_FAILURES", "7",
                "CODINGIT_AUTH_LOGIN_THROTTLE_WINDOW", "1h",
                "CODINGIT_AUTH_SUPABASE_AUDIENCE", "custom",
                "CODINGIT_AUTH_API_TOKEN_LAST_USED_INTERVAL", "30s"));
        assertThat(p.jwtSecret()).hasSize(40);
        assertThat(p.accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.bcryptStrength()).isEqualTo(11);
        assertThat(p.loginThrottle().accountFailures()).isEqualTo(7);
        assertThat(p.loginThrottle().window()).isEqualTo(Duration.ofHours(1));
        assertThat(p.apiTokenLastUsedInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.supabase().audience()).isEqualTo("custom");
    }
}
