-- Pause and resume (issue 18): a paused sandbox's saved home (its changed layer, a tar under
-- <data-dir>/sandbox/paused/) is described here. While paused, expires_at is when it is deleted
-- (codingit.sandbox.pause.retention after the pause). Same SQL on H2 and PostgreSQL.
-- bytes the saved home holds on disk (counted against the owner's codingit.sandbox.pause.quota-per-user)
ALTER TABLE sandboxes ADD COLUMN home_bytes BIGINT;
-- SHA-256 of the saved home, checked before a resume (a corrupt layer is refused, never half-restored)
ALTER TABLE sandboxes ADD COLUMN home_sha256 VARCHAR(64);
-- when it was paused (null while running)
ALTER TABLE sandboxes ADD COLUMN paused_at TIMESTAMP WITH TIME ZONE;
