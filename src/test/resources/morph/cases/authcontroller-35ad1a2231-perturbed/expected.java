package io.codingit.auth.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.codingit.auth.Account;
import io.codingit.auth.Accounts;
import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.web.ApiException;
import io.codingit.web.ErrorBody;
import io.codingit.web.ErrorResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Accounts and browser/CLI sessions: {@code /api/auth/signup|login|refresh|logout|me}. */
@RestController
@RequestMapping("/api/auth")
@RateLimited(RateLimitGroup.AUTH)
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT or cit_ API token",
        description = "An access token from signup/login/refresh, a personal API token, or (when configured) a "
                + "Supabase access token. Browsers may send the codingit_access cookie instead.")
@Tag(name = "Auth", description = "Accounts, sessions and the current user")
class AuthController {
    private final AuthService auth;
    private final Accounts accounts;
    private final AccessTokens accessTokens;
    private final SessionStore sessions;

    AuthController(AuthService auth, Accounts accounts, AccessTokens accessTokens, SessionStore sessions) {
        this.auth = auth;
        this.accounts = accounts;
        this.accessTokens = accessTokens;
        this.sessions = sessions;
    }

    record Credentials(@NotNull String email, @NotNull String password) {
        @Override
        public String toString() {
            return "Credentials[email=" + email + ", password=<redacted>]";
        }
    }

    /** Body of refresh and logout for clients without cookies; both fields optional. */
    record RefreshRequest(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[<redacted>]";
        }
    }

    record UserView(String id, String email, @JsonProperty("created_at") String createdAt) {
        static UserView of(Account account) {
            return new UserView(account.id(), account.email(), account.createdAt().toString());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionView(UserView user, String accessToken, String tokenType, long expiresIn, String refreshToken) {
    }

    @PostMapping("/signup")
    @Operation(summary = "Create an account and start a session",
            description = "Sets the codingit_access and codingit_refresh HttpOnly cookies as well.")
    @ApiResponse(responseCode = "201", description = "Account created")
    @ApiResponse(responseCode = "400", description = "Invalid email, or a weak or common password")
    @ApiResponse(responseCode = "409", description = "Email already registered")
    ResponseEntity<SessionView> signUp(@Valid @RequestBody Credentials body, HttpServletRequest request) {
        return respond(HttpStatus.CREATED, auth.signUp(body.email(), body.password()), request);
    }

    @PostMapping("/login")
    @Operation(summary = "Log in with email and password")
    @ApiResponse(responseCode = "200", description = "Logged in")
    @ApiResponse(responseCode = "401", description = "Wrong email or password (one message for both)")
    @ApiResponse(responseCode = "429", description = "Too many failed attempts for this account or address")
    ResponseEntity<SessionView> logIn(@Valid @RequestBody Credentials body, HttpServletRequest request) {
        return respond(HttpStatus.OK, auth.logIn(body.email(), body.password(), request.getRemoteAddr()), request);
    }

    @PostMapping("/refresh")
    @Operation(summary = "Exchange a refresh token (cookie or body) for a new access and refresh token",
            description = "Each refresh token works once; presenting a used one revokes the whole session.")
    @ApiResponse(responseCode = "200", description = "New tokens")
    @ApiResponse(responseCode = "401", description = "Unknown, expired, revoked or reused refresh token")
    ResponseEntity<SessionView> refresh(@RequestBody(required = false) RefreshRequest body,
                                        HttpServletRequest request) {
        return respond(HttpStatus.OK, auth.refresh(refreshToken(body, request)), request);
    }

    @PostMapping("/logout")
    @Operation(summary = "End the session: revoke its refresh tokens and clear the cookies")
    @ApiResponse(responseCode = "200", description = "{\"success\": true}")
    ResponseEntity<Map<String, Boolean>> logOut(@RequestBody(required = false) RefreshRequest body,
                                                HttpServletRequest request) {
        auth.logOut(refreshToken(body, request));
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, AuthCookies.clearedAccess(request.isSecure()).toString())
                .header(HttpHeaders.SET_COOKIE, AuthCookies.clearedRefresh(request.isSecure()).toString())
                .body(Map.of("success", true));
    }

    @GetMapping("/me")
    @Operation(summary = "The current user", security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "200", description = "The account")
    @ApiResponse(responseCode = "401", description = "Not authenticated")
    UserView me(@AuthenticationPrincipal AuthenticatedUser user) {
        return accounts.find(user.id()).map(UserView::of)
                .orElseThrow(() -> ApiException.unauthorized("The account of this token no longer exists"));
    }

    @ExceptionHandler(AuthService.LoginThrottledException.class)
    ResponseEntity<ErrorBody> throttled(AuthService.LoginThrottledException e) {
        return ResponseEntity.status(e.status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(ErrorResponses.of(e.status(), e.getMessage(), e.code()).getBody());
    }

    private ResponseEntity<SessionView> respond(HttpStatus status, AuthService.Session session,
                                                HttpServletRequest request) {
        boolean secure = request.isSecure();
        SessionView view = new SessionView(UserView.of(session.account()), session.accessToken(), "Bearer",
                accessTokens.ttl().toSeconds(), session.refreshToken());
        return ResponseEntity.status(status)
                .header(HttpHeaders.SET_COOKIE,
                        AuthCookies.access(session.accessToken(), accessTokens.ttl(), secure).toString())
                .header(HttpHeaders.SET_COOKIE,
                        AuthCookies.refresh(session.refreshToken(), sessions.refreshTtl(), secure).toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(view);
    }

    private static String refreshToken(RefreshRequest body, HttpServletRequest request) {
        if (body != null && body.refreshToken() != null && !body.refreshToken().isBlank()) {
            return body.refreshToken();
        }
        return AuthCookies.read(request, AuthCookies.REFRESH).orElse(null);
    }
}
