-- Background coding tasks (issue 9). The table is also the queue: a worker claims a pending row
-- with a conditional UPDATE (status pending -> processing) and holds it with a lease it renews;
-- a lease that runs out means the worker died, and the row is queued again or failed.
CREATE TABLE tasks (
    id               VARCHAR(36)   PRIMARY KEY,
    user_id          VARCHAR(64)   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- pending | processing | completed | error | cancelled
    status           VARCHAR(16)   NOT NULL,
    progress         INTEGER       NOT NULL,
    prompt           TEXT          NOT NULL,
    repo_url         VARCHAR(2048),
    selected_agent   VARCHAR(64)   NOT NULL,
    selected_model   VARCHAR(200),
    sandbox_url      VARCHAR(2048),
    branch_name      VARCHAR(255),
    error            VARCHAR(4000),
    -- the GitHub pull request opened for the pushed branch, if any
    pull_request_url VARCHAR(2048),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE,
    -- the queue: which server instance runs the task and until when its claim holds
    lease_owner      VARCHAR(64),
    lease_expires_at TIMESTAMP WITH TIME ZONE,
    -- how many times a worker claimed the task (a crashed worker's task is claimed again, bounded)
    attempts         INTEGER       NOT NULL,
    cancel_requested BOOLEAN       NOT NULL,
    -- when the current attempt times out
    deadline         TIMESTAMP WITH TIME ZONE,
    -- the last log sequence number handed out; appending a line increments it under the row lock
    log_seq          BIGINT        NOT NULL
);
CREATE INDEX tasks_user_created ON tasks (user_id, created_at);
CREATE INDEX tasks_status_created ON tasks (status, created_at);

-- Log lines: one row each, appended with the next sequence number of their task, never rewritten.
CREATE TABLE task_logs (
    task_id   VARCHAR(36)   NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    seq       BIGINT        NOT NULL,
    logged_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- info | error | success | command
    type      VARCHAR(16)   NOT NULL,
    message   TEXT          NOT NULL,
    PRIMARY KEY (task_id, seq)
);

-- One row per user who ever queued a task: the row a claim locks first, so that two servers
-- claiming tasks of the same user are serialised and the per-user limit holds exactly.
CREATE TABLE task_owners (
    user_id VARCHAR(64) PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE
);
