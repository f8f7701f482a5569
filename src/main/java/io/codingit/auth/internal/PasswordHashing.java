package io.codingit.auth.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.Map;

/**
 * bcrypt behind Spring's delegating encoder: hashes are stored as {@code {bcrypt}$2a$...}, so a
 * later switch to Argon2id (which needs BouncyCastle on the classpath) can upgrade hashes at login
 * without invalidating the existing ones.
 */
@Configuration
class PasswordHashing {
    @Bean
    PasswordEncoder passwordEncoder(AuthProperties properties) {
        return new DelegatingPasswordEncoder("bcrypt",
                Map.of("bcrypt", new BCryptPasswordEncoder(properties.bcryptStrength())));
    }
}
