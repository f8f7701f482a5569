package io.codingit.auth.internal;

import io.codingit.auth.AuthException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The blocklist that ships with the server. */
class PasswordPolicyTest {
    private final PasswordPolicy policy = new PasswordPolicy(new AuthProperties(null, "codingit",
            Duration.ofMinutes(15), Duration.ofDays(30), 4, 8, Duration.ofMinutes(1),
            new AuthProperties.LoginThrottle(5, 20, Duration.ofMinutes(15)),
            new AuthProperties.Supabase(null, null, null, "authenticated"), java.util.List.of()));

    @Test
    void theListHoldsTenThousandDistinctPasswords() {
        // 10,000 lines; 87 differ from another only in case and collapse when compared case-insensitively
        assertThat(policy.commonListSize()).isEqualTo(9_913);
    }

    @Test
    void theMostCommonOnesAreInAndARandomOneIsNot() {
        assertThat(policy.isCommon("123456")).isTrue();
        assertThat(policy.isCommon("Password")).isTrue();
        assertThat(policy.isCommon("qwertyuiop")).isTrue();
        assertThat(policy.isCommon("vT9#rLq2!mZe")).isFalse();
    }

    @Test
    void checkRefusesACommonPasswordInAnyCaseAndAcceptsAnUncommonOne() {
        assertThatThrownBy(() -> policy.check("QwertyUIOP")).isInstanceOf(AuthException.class)
                .hasMessageContaining("most common passwords");
        assertThatNoException().isThrownBy(() -> policy.check("vT9#rLq2!mZe"));
    }
}
