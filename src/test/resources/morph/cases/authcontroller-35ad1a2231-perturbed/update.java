// ... keep existing code ...
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
// ... keep existing code ...
@RateLimited(RateLimitGroup.AUTH)
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT or cit_ API token",
        description = "An access token from signup/login/refresh, a personal API token, or (when configured) a "
                + "Supabase access token. Browsers may send the codingit_access cookie instead.")
@Tag(name = "Auth", description = "Accounts, sessions and the current user")
// ... keep existing code ...
