-- name: insert-editor
INSERT INTO editors (email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?);

-- name: editor-by-email
SELECT * FROM editors WHERE email = ?;

-- name: editor-by-id
SELECT * FROM editors WHERE id = ?;

-- name: list-editors
SELECT * FROM editors ORDER BY email;

-- name: count-editors
SELECT COUNT(*) FROM editors;

-- name: set-editor-password
UPDATE editors SET password_hash = ? WHERE id = ?;

-- name: editor-logged-in
UPDATE editors SET last_login_at = ? WHERE id = ?;

-- name: insert-session
INSERT INTO editor_sessions (id_hash, editor_id, created_at, expires_at) VALUES (?, ?, ?, ?);

-- name: session-editor
-- An expired session is simply not found; expired rows are swept at the next login.
SELECT e.* FROM editor_sessions s JOIN editors e ON e.id = s.editor_id
WHERE s.id_hash = ? AND s.expires_at > ?;

-- name: delete-session
DELETE FROM editor_sessions WHERE id_hash = ?;

-- name: delete-editor-sessions
-- A new password ends every session of the editor: a stolen session dies with the old password.
DELETE FROM editor_sessions WHERE editor_id = ?;

-- name: delete-expired-sessions
DELETE FROM editor_sessions WHERE expires_at <= ?;

-- name: insert-api-token
INSERT INTO api_tokens (name, token_hash, prefix, role, created_by, created_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: api-token-by-hash
SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL;

-- name: api-token-used
UPDATE api_tokens SET last_used_at = ? WHERE id = ?;

-- name: list-api-tokens
SELECT * FROM api_tokens ORDER BY id DESC;

-- name: revoke-api-token
UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL;

-- name: signup-subscription
-- A sign-up asks for a newsletter: a new or a left subscription waits for the confirmation; an
-- active one stays active.
INSERT INTO subscriptions (subscriber_id, newsletter_id, status, created_at, updated_at)
VALUES (?, ?, 'pending', ?, ?)
ON DUPLICATE KEY UPDATE
  status = CASE WHEN status = 'active' THEN status ELSE 'pending' END,
  updated_at = VALUES(updated_at);

-- name: signup-consent-source
-- Which form and client asked; the time is set when the subscriber confirms. A bounced or
-- complained address keeps its record.
UPDATE subscribers SET consent_method = 'double-opt-in (unconfirmed)', consent_source = ?,
  consent_ip = ?, updated_at = ?
WHERE id = ? AND status IN ('pending', 'unsubscribed');

-- name: confirm-subscriber
-- Confirming proves the owner of the address asked: a pending or a left subscriber becomes
-- active; bounced and complained addresses stay as they are.
UPDATE subscribers SET status = 'active', consent_at = ?, consent_method = 'double-opt-in',
  updated_at = ?
WHERE id = ? AND status IN ('pending', 'unsubscribed', 'active');

-- name: confirm-subscriptions
UPDATE subscriptions SET status = 'active', updated_at = ?
WHERE subscriber_id = ? AND status = 'pending';

-- name: subscriber-consent-ip
SELECT consent_ip FROM subscribers WHERE id = ?;
