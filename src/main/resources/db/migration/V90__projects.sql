-- Projects (issue 20): chats, fragment versions, run results, images by content hash and share links,
-- kept on the server so that a user finds their work again anywhere. Same SQL on H2 and PostgreSQL.
CREATE TABLE projects (
    id              VARCHAR(36)  PRIMARY KEY,
    user_id         VARCHAR(64)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            VARCHAR(200) NOT NULL,
    template        VARCHAR(64)  NOT NULL,
    -- the last fragment version number handed out; a new version increments it under the row lock
    version_seq     INTEGER      NOT NULL,
    -- the version the project stands at (null before the first fragment); a restore makes a new one
    current_version INTEGER,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
-- the list: a user's projects, most recent first, paged by (updated_at, id)
CREATE INDEX projects_user_updated ON projects (user_id, updated_at, id);

CREATE TABLE project_chats (
    id          VARCHAR(36)  PRIMARY KEY,
    project_id  VARCHAR(36)  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title       VARCHAR(200) NOT NULL,
    -- the last message sequence number handed out in this chat
    message_seq INTEGER      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX project_chats_project ON project_chats (project_id, created_at);

-- Messages in order (seq). A user message holds the text and its attachments by reference (images
-- as project_blobs hashes, workspace files by path); an assistant message holds the fragment's
-- commentary and the number of the fragment version it produced.
CREATE TABLE project_messages (
    chat_id          VARCHAR(36) NOT NULL REFERENCES project_chats (id) ON DELETE CASCADE,
    seq              INTEGER     NOT NULL,
    -- user | assistant
    role             VARCHAR(16) NOT NULL,
    -- user: sent | failed (no fragment came of it: left out of the model's context); assistant: done
    status           VARCHAR(16) NOT NULL,
    content          TEXT        NOT NULL,
    -- JSON array of attachments, null when none
    attachments      TEXT,
    fragment_version INTEGER,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (chat_id, seq)
);

-- Every fragment, numbered per project. A restore copies an older version into a new one, so
-- nothing is ever overwritten.
CREATE TABLE fragment_versions (
    project_id    VARCHAR(36)   NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    number        INTEGER       NOT NULL,
    -- the chat whose answer it was (null for a restore or an import); no foreign key: deleting a
    -- chat keeps the project's versions
    chat_id       VARCHAR(36),
    -- chat | restore | import
    source        VARCHAR(16)   NOT NULL,
    restored_from INTEGER,
    title         VARCHAR(500),
    template      VARCHAR(64),
    file_path     VARCHAR(1024),
    -- the whole fragment object as JSON
    fragment      TEXT          NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (project_id, number)
);

-- A run of one fragment version: output, error and cell results. Images in cell results are not
-- inline: each is a project_blobs row named by its SHA-256, listed in result_blobs.
CREATE TABLE run_results (
    id            VARCHAR(36)  PRIMARY KEY,
    project_id    VARCHAR(36)  NOT NULL,
    version       INTEGER      NOT NULL,
    sandbox_id    VARCHAR(64),
    template      VARCHAR(64)  NOT NULL,
    preview_url   VARCHAR(2048),
    stdout        TEXT,
    stderr        TEXT,
    runtime_error TEXT,
    cell_results  TEXT,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_run_results_version FOREIGN KEY (project_id, version)
        REFERENCES fragment_versions (project_id, number) ON DELETE CASCADE
);
CREATE INDEX run_results_version ON run_results (project_id, version, created_at);

-- Content-addressed bytes of a project (result images, images attached to messages): stored once
-- per project whatever the number of results and messages that show them.
CREATE TABLE project_blobs (
    project_id VARCHAR(36)  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    sha256     VARCHAR(64)  NOT NULL,
    media_type VARCHAR(100) NOT NULL,
    size_bytes BIGINT       NOT NULL,
    content    BYTEA        NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (project_id, sha256)
);

CREATE TABLE result_blobs (
    result_id VARCHAR(36) NOT NULL REFERENCES run_results (id) ON DELETE CASCADE,
    sha256    VARCHAR(64) NOT NULL,
    PRIMARY KEY (result_id, sha256)
);

-- Read-only links to one fragment version and its latest result. The id is the unguessable part of
-- the link (256 random bits); revoking keeps the row, so the owner sees what was shared and when.
CREATE TABLE project_shares (
    id         VARCHAR(64) PRIMARY KEY,
    project_id VARCHAR(36) NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    version    INTEGER     NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT fk_project_shares_version FOREIGN KEY (project_id, version)
        REFERENCES fragment_versions (project_id, number) ON DELETE CASCADE
);
CREATE INDEX project_shares_project ON project_shares (project_id, created_at);
