-- Issue 24: a task takes the same model settings as the chat. The caller's own API key is kept
-- only while the task may still run, encrypted (AES-256-GCM, the task id bound in), and cleared
-- when the task ends; the base URL is not a secret.
ALTER TABLE tasks ADD COLUMN model_api_key TEXT;
ALTER TABLE tasks ADD COLUMN model_base_url VARCHAR(2048);
