package io.codingit.auth.internal;

import io.codingit.auth.AuthenticatedUser;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/** An authenticated request. The bearer secret is deliberately not kept: nothing can log it from here. */
final class TokenAuthentication extends AbstractAuthenticationToken {
    private final AuthenticatedUser user;
    private final CredentialKind kind;

    /** The authority of the server's operators (metrics, health details): docs/security.md. */
    static final String OPERATOR = "ROLE_OPERATOR";

    TokenAuthentication(AuthenticatedUser user, CredentialKind kind, boolean operator) {
        super(operator ? AuthorityUtils.createAuthorityList("ROLE_USER", OPERATOR) : AuthorityUtils.createAuthorityList("ROLE_USER"));
        this.user = user;
        this.kind = kind;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public AuthenticatedUser getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user.id();
    }

    CredentialKind kind() {
        return kind;
    }
}
