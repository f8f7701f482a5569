-- GitHub connections: one token per user, AES-GCM encrypted (never plaintext), and the pending
-- OAuth "Connect GitHub" flows, whose state is stored only as its SHA-256 hex.

CREATE TABLE github_connections (
    user_id          VARCHAR(64)  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_ciphertext VARCHAR(2048) NOT NULL,
    -- the GitHub login the token belonged to when it was stored
    login            VARCHAR(100) NOT NULL,
    -- 'oauth' (web flow) or 'token' (personal access token saved by the user)
    source           VARCHAR(16)  NOT NULL,
    scopes           VARCHAR(500),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE github_oauth_states (
    state_hash VARCHAR(64) PRIMARY KEY,
    user_id    VARCHAR(64) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX github_oauth_states_expiry ON github_oauth_states (expires_at);
