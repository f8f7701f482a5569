package io.codingit.auth.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.auth.AuthException;
import io.codingit.auth.Account;
import io.codingit.auth.AuthenticatedUser;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.util.function.SingletonSupplier;

import java.time.Duration;

import java.util.Optional;
import java.util.function.Supplier;

/** Signup, login, refresh and logout: the session lifecycle behind {@link AuthController}. */
@Service
class AuthService {
    static final String BAD_CREDENTIALS = "Invalid email or password";
    static final String BAD_REFRESH = "Invalid or expired refresh token; log in again";

    /** What a successful signup, login or refresh hands out. */
    record Session(Account account, String accessToken, String refreshToken) {
    }

    private final AccountStore accounts;
    private final SessionStore sessions;
    private final AccessTokens accessTokens;
    private final PasswordEncoder passwords;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    /**
     * Compared against when the account does not exist, so that both cases take as long. Hashed by the first
     * login, whatever account it names (so that its extra hash says nothing about the account), not at start:
     * one bcrypt hash is ~1 s of CPU on a small machine.
     */
    private final Supplier<String> decoyHash;

    AuthService(AccountStore accounts, SessionStore sessions, AccessTokens accessTokens, PasswordEncoder passwords,
                PasswordPolicy policy, LoginThrottle throttle) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.passwords = passwords;
        this.policy = policy;
        this.throttle = throttle;
        this.decoyHash = SingletonSupplier.of(() -> passwords.encode(Secrets.random256()));
    }

    Session signUp(String rawEmail, String password) {
        String email = EmailAddresses.normalise(rawEmail)
                .orElseThrow(() -> new AuthException(Kind.INVALID, "email: must be a valid email address"));
        policy.check(password);
        Account account = accounts.createLocal(email, passwords.encode(password))
                .orElseThrow(() -> new AuthException(Kind.CONFLICT, "An account with this email already exists"));
        return open(account);
    }

    Session logIn(String rawEmail, String password, String clientIp) {
        Optional<String> email = EmailAddresses.normalise(rawEmail);
        if (email.isEmpty()) {
            throw new AuthException(Kind.UNAUTHENTICATED, BAD_CREDENTIALS);
        }
        LoginThrottle.Verdict verdict = throttle.attempt(email.get(), clientIp);
        if (!verdict.allowed()) {
            throw new LoginThrottledException(verdict.retryAfterSeconds());
        }
        String decoy = decoyHash.get();
        Optional<AccountStore.StoredAccount> stored = accounts.findByEmail(email.get());
        String hash = stored.map(AccountStore.StoredAccount::passwordHash).orElse(null);
        boolean matches = passwords.matches(password, hash != null ? hash : decoy);
        if (hash == null || !matches) {
            throw new AuthException(Kind.UNAUTHENTICATED, BAD_CREDENTIALS);
        }
        throttle.succeeded(email.get(), clientIp);
        return open(stored.get().account());
    }

    Session refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new AuthException(Kind.UNAUTHENTICATED, BAD_REFRESH);
        }
        return switch (sessions.rotate(refreshToken)) {
            case SessionStore.Rotation.Rotated rotated -> accounts.find(rotated.userId())
                    .map(account -> new Session(account, accessTokens.issue(principal(account)), rotated.refreshToken()))
                    .orElseThrow(() -> new AuthException(Kind.UNAUTHENTICATED, BAD_REFRESH));
            case SessionStore.Rotation.Refused refused -> throw new AuthException(Kind.UNAUTHENTICATED, BAD_REFRESH);
        };
    }

    void logOut(String refreshToken) {
        if (refreshToken != null && !refreshToken.isBlank()) {
            sessions.revoke(refreshToken);
        }
    }

    private Session open(Account account) {
        return new Session(account, accessTokens.issue(principal(account)), sessions.start(account.id()));
    }

    private static AuthenticatedUser principal(Account account) {
        return new AuthenticatedUser(account.id(), account.email());
    }

    /** Too many failed log-ins: rate limited, with the wait as Retry-After. */
    static final class LoginThrottledException extends AuthException {
        LoginThrottledException(long retryAfterSeconds) {
            super(Kind.RATE_LIMITED, "rate_limited",
                    "Too many failed login attempts; try again in " + retryAfterSeconds + " seconds",
                    Duration.ofSeconds(Math.max(1, retryAfterSeconds)));
        }
    }
}
