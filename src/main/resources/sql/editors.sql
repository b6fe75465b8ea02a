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

-- name: signup-new-subscriber
-- A new address waits as pending, with the name typed; a known subscriber is left as it is (the
-- no-op update keeps the statement portable: INSERT IGNORE would hide other errors).
INSERT INTO subscribers (email, email_hash, name, status, consent_method, consent_source,
  created_at, updated_at)
VALUES (?, ?, ?, 'pending', 'double-opt-in (unconfirmed)', ?, ?, ?)
ON DUPLICATE KEY UPDATE email = email;

-- name: signup-subscription
-- A newsletter the address never had shows as pending; an active or a left subscription is not
-- touched before the confirmation.
INSERT INTO subscriptions (subscriber_id, newsletter_id, status, created_at, updated_at)
VALUES (?, ?, 'pending', ?, ?)
ON DUPLICATE KEY UPDATE status = status;

-- name: insert-signup
INSERT INTO signups (subscriber_id, newsletter_ids, name, form, client_ip, created_at,
  expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: insert-refused-signup
INSERT INTO signups (subscriber_id, newsletter_ids, form, client_ip, created_at, expires_at,
  refused)
VALUES (NULL, ?, ?, ?, ?, ?, 'suppressed');

-- name: signups-of-subscriber-since
-- The per-address daily limit on confirmation mails.
SELECT COUNT(*) FROM signups WHERE subscriber_id = ? AND created_at > ?;

-- name: signup-by-id
SELECT * FROM signups WHERE id = ? AND subscriber_id = ?;

-- name: unmailed-signups
-- Confirmations owed after a restart: not sent, not confirmed, not expired, asked recently.
SELECT * FROM signups
WHERE mailed_at IS NULL AND confirmed_at IS NULL AND created_at > ? AND expires_at > ?
ORDER BY id;

-- name: signup-mailed
UPDATE signups SET mailed_at = ? WHERE id = ? AND mailed_at IS NULL;

-- name: confirm-signup
-- Compare and set: a link followed twice (two tabs, a mail scanner) confirms once.
UPDATE signups SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL AND expires_at > ?;

-- name: confirm-subscriber
-- Confirming proves the owner of the address asked: a pending or a left subscriber becomes
-- active, with the consent of this sign-up; bounced and complained addresses stay as they are.
UPDATE subscribers SET status = 'active', consent_at = ?, consent_method = 'double-opt-in',
  consent_source = ?, consent_ip = ?, updated_at = ?
WHERE id = ? AND status IN ('pending', 'unsubscribed', 'active');

-- name: confirm-subscriber-name
UPDATE subscribers SET name = ?, updated_at = ? WHERE id = ?;

-- name: confirm-subscription
-- Only the newsletters this sign-up asked for.
INSERT INTO subscriptions (subscriber_id, newsletter_id, status, created_at, updated_at)
VALUES (?, ?, 'active', ?, ?)
ON DUPLICATE KEY UPDATE status = 'active', updated_at = VALUES(updated_at);

-- name: subscriber-consent-ip
SELECT consent_ip FROM subscribers WHERE id = ?;
