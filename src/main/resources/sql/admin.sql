-- name: recent-editions
-- Counted per edition with subqueries on ix_deliveries_edition; a page holds few editions.
SELECT e.*, n.name AS newsletter_name, n.slug AS newsletter_slug,
  (SELECT COUNT(*) FROM deliveries d WHERE d.edition_id = e.id AND d.status = 'sent') AS sent,
  (SELECT COUNT(*) FROM deliveries d WHERE d.edition_id = e.id AND d.status = 'failed') AS failed
FROM editions e JOIN newsletters n ON n.id = e.newsletter_id
ORDER BY e.id DESC LIMIT ? OFFSET ?;

-- name: count-editions
SELECT COUNT(*) FROM editions;

-- name: sent-since
SELECT COUNT(*) FROM deliveries WHERE edition_id = ? AND status = 'sent' AND sent_at >= ?;

-- name: delivery-log
SELECT d.id, s.email, d.status, d.attempts, d.last_error, d.smtp_response, d.sent_at, d.due_at
FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
WHERE d.edition_id = ? AND (? = '' OR d.status = ?)
ORDER BY d.id LIMIT ? OFFSET ?;

-- name: retry-failed
-- A fresh start for rows that failed for good: the attempt count is reset so that the retry
-- policy applies again. Suppression is checked again when a row is claimed.
UPDATE deliveries SET status = 'queued', due_at = ?, attempts = 0, lease_owner = NULL
WHERE edition_id = ? AND status = 'failed';

-- name: reopen-edition
UPDATE editions SET status = 'sending', finished_at = NULL, status_reason = ?
WHERE id = ? AND status = 'sent';

-- name: subscriber-growth
-- Subscribers created per day who are (still) on the list or left later; erased ones are gone.
SELECT CAST(created_at AS DATE) AS created_on, COUNT(*) AS n FROM subscribers
WHERE created_at >= ? GROUP BY CAST(created_at AS DATE) ORDER BY created_on;

-- name: subscribers-before
SELECT COUNT(*) FROM subscribers WHERE created_at < ?;

-- name: subscriber-status-counts
SELECT status, COUNT(*) AS n FROM subscribers GROUP BY status;
