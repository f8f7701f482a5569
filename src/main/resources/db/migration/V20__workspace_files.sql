-- Workspace files (issue 3). Directories are rows too, so an empty directory exists and the tree
-- is one query. Paths are validated by io.codingit.files.WorkspacePath before they get here.
CREATE TABLE workspace_files (
    id           UUID PRIMARY KEY,
    user_id      VARCHAR(64)   NOT NULL,
    path         VARCHAR(2048) NOT NULL,
    name         VARCHAR(255)  NOT NULL,
    parent_path  VARCHAR(2048),
    is_directory BOOLEAN       NOT NULL,
    content      BYTEA,
    size_bytes   BIGINT        NOT NULL,
    -- bumped on every content change; the ETag is derived from (id, version)
    version      BIGINT        NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_workspace_files_user_path UNIQUE (user_id, path)
);

-- One row per user: the running totals the limits are checked against, and the row each writing
-- transaction locks first, so a user's writes are serialised and the totals stay exact.
CREATE TABLE workspace_usage (
    user_id     VARCHAR(64) PRIMARY KEY,
    entry_count BIGINT NOT NULL,
    total_bytes BIGINT NOT NULL
);
