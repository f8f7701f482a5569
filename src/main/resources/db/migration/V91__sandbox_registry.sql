-- The sandbox registry (issue 15): the truth about every sandbox for every server. Any server serves
-- any sandbox by reading its row and calling its agent at agent_endpoint with the per-sandbox secret.
-- Same SQL on H2 and PostgreSQL.
CREATE TABLE sandboxes (
    id                      VARCHAR(64)   PRIMARY KEY,
    -- a user id, or a non-user owner such as 'task:<id>' (hence no foreign key)
    owner_id                VARCHAR(200)  NOT NULL,
    template_id             VARCHAR(64)   NOT NULL,
    -- the provider that created it ('local', 'kubernetes') and is asked to attach, pause, resume, destroy
    provider                VARCHAR(32)   NOT NULL,
    -- where its agent answers (null while the provider is still creating it)
    agent_endpoint          VARCHAR(500),
    -- the per-sandbox agent secret, AES-256-GCM with the sandbox id as associated data; never plaintext
    agent_secret_ciphertext VARCHAR(500),
    -- 'running', 'paused' (issue 18) or 'killed'
    state                   VARCHAR(16)   NOT NULL,
    -- why it is killed: 'killed by its owner', 'expired', 'its agent stopped answering', ...
    state_reason            VARCHAR(300),
    expires_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    -- when it entered its current state (killed rows are purged some time after)
    state_changed_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
-- a user's live sandboxes (the per-user limit, the list)
CREATE INDEX sandboxes_owner_state ON sandboxes (owner_id, state, created_at);
-- the reaper: expired live sandboxes, old killed rows
CREATE INDEX sandboxes_state_expiry ON sandboxes (state, expires_at);
