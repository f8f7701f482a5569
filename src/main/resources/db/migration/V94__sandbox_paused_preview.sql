-- Pause and resume (issue 18): what a paused sandbox's preview URL needs to wake it on any server, after a
-- restart too: the preview's port and the SHA-256 of its URL secret (never the secret). Null when the sandbox was
-- paused without a live preview, and cleared at the resume. Same SQL on H2 and PostgreSQL.
ALTER TABLE sandboxes ADD COLUMN preview_port INTEGER;
ALTER TABLE sandboxes ADD COLUMN preview_secret_sha256 VARCHAR(64);
