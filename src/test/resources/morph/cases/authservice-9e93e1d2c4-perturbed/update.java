// ...
import io.codingit.auth.Account;
import io.codingit.auth.AuthenticatedUser;
import io.codingit.web.ApiException;  
import io.codingit.web.RetryLaterException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
        // ...
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
