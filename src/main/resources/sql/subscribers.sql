-- name: upsert-subscriber
-- Assignments run left to right in MySQL, so status is set last.
-- An import or an add never revives an address that left, bounced or complained: only a
-- pending subscriber moves to the imported status (active with --confirmed).
INSERT INTO subscribers (email, email_hash, name, status, consent_at, consent_method,
  consent_source, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON DUPLICATE KEY UPDATE
  name = COALESCE(VALUES(name), name),
  consent_at = CASE WHEN status = 'pending' THEN VALUES(consent_at) ELSE consent_at END,
  consent_method = CASE WHEN status = 'pending' THEN VALUES(consent_method) ELSE consent_method END,
  consent_source = CASE WHEN status = 'pending' THEN VALUES(consent_source) ELSE consent_source END,
  status = CASE WHEN status = 'pending' THEN VALUES(status) ELSE status END,
  updated_at = VALUES(updated_at);

-- name: upsert-subscription
-- Same rule per newsletter: an unsubscribed or active subscription keeps its status.
INSERT INTO subscriptions (subscriber_id, newsletter_id, status, created_at, updated_at)
VALUES (?, ?, ?, ?, ?)
ON DUPLICATE KEY UPDATE
  status = CASE WHEN status = 'pending' THEN VALUES(status) ELSE status END,
  updated_at = VALUES(updated_at);

-- name: subscribers-by-emails
-- The list marker expands to one placeholder per address (at most a chunk of the import).
SELECT id, email, status FROM subscribers WHERE email IN (/*list*/ ?);

-- name: suppressed-of-hashes
SELECT email_hash FROM suppressions WHERE email_hash IN (/*list*/ ?);

-- name: subscriber-by-email
SELECT * FROM subscribers WHERE email = ?;

-- name: subscriber-by-id
SELECT * FROM subscribers WHERE id = ?;

-- name: subscriptions-of-subscriber
SELECT sub.newsletter_id, sub.status, n.name, n.slug
FROM subscriptions sub JOIN newsletters n ON n.id = sub.newsletter_id
WHERE sub.subscriber_id = ?
ORDER BY n.name;

-- name: set-subscription-status
UPDATE subscriptions SET status = ?, updated_at = ? WHERE subscriber_id = ? AND newsletter_id = ?;

-- name: unsubscribe-all-subscriptions
UPDATE subscriptions SET status = 'unsubscribed', updated_at = ?
WHERE subscriber_id = ? AND status <> 'unsubscribed';

-- name: set-subscriber-status
UPDATE subscribers SET status = ?, updated_at = ? WHERE id = ?;

-- name: reactivate-subscriber
-- A subscriber who left may come back through their own preferences page; a bounced or
-- complained address may not, and a pending one still has to confirm.
UPDATE subscribers SET status = 'active', updated_at = ?
WHERE id = ? AND status IN ('active', 'unsubscribed');

-- name: set-subscriber-name
UPDATE subscribers SET name = ?, updated_at = ? WHERE id = ?;

-- name: export-subscribers
SELECT s.email, s.name, s.status, s.created_at, s.consent_method,
  (SELECT COUNT(*) FROM subscriptions x WHERE x.subscriber_id = s.id AND x.status = 'active')
    AS active_subscriptions
FROM subscribers s ORDER BY s.id;

-- name: export-subscribers-of-newsletter
SELECT s.email, s.name, sub.status, s.created_at, s.consent_method, 1 AS active_subscriptions
FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id
WHERE sub.newsletter_id = ? ORDER BY s.id;

-- name: insert-suppression
-- Also used by the delivery store for hard bounces.
INSERT INTO suppressions (email_hash, reason, detail, created_at) VALUES (?, ?, ?, ?)
ON DUPLICATE KEY UPDATE reason = VALUES(reason);

-- name: is-suppressed
SELECT COUNT(*) FROM suppressions WHERE email_hash = ?;
