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

-- name: search-subscribers
-- A blank search or status matches everything; LIKE on the address or the name is enough for the
-- list sizes a person pages through (exports and the API use paging too).
SELECT * FROM subscribers
WHERE (? = '' OR email LIKE ? OR name LIKE ?) AND (? = '' OR status = ?)
ORDER BY id DESC LIMIT ? OFFSET ?;

-- name: count-search-subscribers
SELECT COUNT(*) FROM subscribers
WHERE (? = '' OR email LIKE ? OR name LIKE ?) AND (? = '' OR status = ?);

-- name: erase-skip-open-deliveries
-- No index leads with subscriber_id: the edition list lets the database probe
-- (edition_id, subscriber_id) once per edition (on MySQL as a join, see sql/mysql).
UPDATE deliveries SET status = 'skipped', last_error = 'subscriber erased'
WHERE edition_id IN (SELECT id FROM editions) AND subscriber_id = ?
  AND status IN ('queued', 'retry');

-- name: erase-delivery-details
-- Server replies and errors may quote the address.
UPDATE deliveries SET smtp_response = NULL, last_error = NULL
WHERE edition_id IN (SELECT id FROM editions) AND subscriber_id = ? AND status <> 'skipped';

-- name: erase-bounce-details
UPDATE bounces SET diagnostic = NULL WHERE subscriber_id = ?;

-- name: erase-subscriptions
DELETE FROM subscriptions WHERE subscriber_id = ?;

-- name: erase-signups
DELETE FROM signups WHERE subscriber_id = ?;

-- name: erase-subscriber
DELETE FROM subscribers WHERE id = ?;

-- name: search-articles
SELECT * FROM articles
WHERE (? = '' OR title LIKE ? OR url LIKE ?) AND (? = '' OR status = ?)
ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?;

-- name: count-search-articles
SELECT COUNT(*) FROM articles
WHERE (? = '' OR title LIKE ? OR url LIKE ?) AND (? = '' OR status = ?);

-- name: set-article-status
-- Only 'published' articles are planned into editions; 'held' ones wait until released.
UPDATE articles SET status = ?, updated_at = ? WHERE id = ? AND status IN ('published', 'held');
