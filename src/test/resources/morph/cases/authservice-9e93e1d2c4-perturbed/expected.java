package io.codingit.auth.internal;

import io.codingit.auth.Account;
import io.codingit.auth.AuthenticatedUser;
import io.codingit.web.ApiException;
import io.codingit.web.RetryLaterException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import java.util.Optional;

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
    /** Compared against when the account does not exist, so that both cases take as long. */
    private final String decoyHash;

    AuthService(AccountStore accounts, SessionStore sessions, AccessTokens accessTokens, PasswordEncoder passwords,
                PasswordPolicy policy, LoginThrottle throttle) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.passwords = passwords;
        this.policy = policy;
        this.throttle = throttle;
        this.decoyHash = passwords.encode(Secrets.random256());
    }

    Session signUp(String rawEmail, String password) {
        String email = EmailAddresses.normalise(rawEmail)
                .orElseThrow(() -> ApiException.badRequest("email: must be a valid email address"));
        policy.check(password);
        Account account = accounts.createLocal(email, passwords.encode(password))
                .orElseThrow(() -> ApiException.conflict("An account with this email already exists"));
        return open(account);
    }

    Session logIn(String rawEmail, String password, String clientIp) {
        Optional<String> email = EmailAddresses.normalise(rawEmail);
        if (email.isEmpty()) {
            throw ApiException.unauthorized(BAD_CREDENTIALS);
        }
        LoginThrottle.Verdict verdict = throttle.attempt(email.get(), clientIp);
        if (!verdict.allowed()) {
            throw new LoginThrottledException(verdict.retryAfterSeconds());
        }
        Optional<AccountStore.StoredAccount> stored = accounts.findByEmail(email.get());
        String hash = stored.map(AccountStore.StoredAccount::passwordHash).orElse(null);
        boolean matches = passwords.matches(password, hash != null ? hash : decoyHash);
        if (hash == null || !matches) {
            throw ApiException.unauthorized(BAD_CREDENTIALS);
        }
        throttle.succeeded(email.get(), clientIp);
        return open(stored.get().account());
    }

    Session refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ApiException.unauthorized(BAD_REFRESH);
        }
        return switch (sessions.rotate(refreshToken)) {
            case SessionStore.Rotation.Rotated rotated -> accounts.find(rotated.userId())
                    .map(account -> new Session(account, accessTokens.issue(principal(account)), rotated.refreshToken()))
                    .orElseThrow(() -> ApiException.unauthorized(BAD_REFRESH));
            case SessionStore.Rotation.Refused refused -> throw ApiException.unauthorized(BAD_REFRESH);
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

    /** 429; the exception handler adds {@code Retry-After}. */
    static final class LoginThrottledException extends RetryLaterException {
        LoginThrottledException(long retryAfterSeconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "Too many failed login attempts; try again in " + retryAfterSeconds + " seconds", retryAfterSeconds);
        }
    }
}
