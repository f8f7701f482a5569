-- Accounts, login sessions (refresh-token families) and personal API tokens.
-- Secrets are never stored: refresh and API tokens only as SHA-256 hex, passwords as bcrypt.

CREATE TABLE users (
    id            VARCHAR(64)  PRIMARY KEY,
    -- NULL only for an external (Supabase) account whose address another account already has
    email         VARCHAR(320) UNIQUE,
    -- NULL for external accounts: they cannot log in with a password here
    password_hash VARCHAR(100),
    provider      VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One family per login; every refresh token ever issued to it stays (until expiry) so that
-- the reuse of a rotated one can be recognised and the whole family revoked.
CREATE TABLE session_families (
    id         VARCHAR(36) PRIMARY KEY,
    user_id    VARCHAR(64) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX session_families_user ON session_families (user_id);

CREATE TABLE refresh_tokens (
    token_hash VARCHAR(64) PRIMARY KEY,
    family_id  VARCHAR(36) NOT NULL REFERENCES session_families (id) ON DELETE CASCADE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    rotated_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE api_tokens (
    id           VARCHAR(36)  PRIMARY KEY,
    user_id      VARCHAR(64)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         VARCHAR(100) NOT NULL,
    token_prefix VARCHAR(16)  NOT NULL,
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    expires_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
