-- name: plan-articles
-- The planning rule in one query: published, not in the future, not older than the newsletter's
-- maximum age, for this newsletter (or for all), and in no earlier edition of this newsletter.
-- Oldest first, so articles beyond the maximum wait for the next edition instead of vanishing.
SELECT a.* FROM articles a
WHERE a.status = 'published'
  AND a.published_at <= ?
  AND a.published_at >= ?
  AND (a.newsletter_id IS NULL OR a.newsletter_id = ?)
  AND NOT EXISTS (
    SELECT 1 FROM edition_articles ea WHERE ea.newsletter_id = ? AND ea.article_id = a.id)
ORDER BY a.published_at, a.id
LIMIT ?;

-- name: insert-edition
INSERT INTO editions (newsletter_id, trigger_kind, fire_time, triggered_by, subject, status,
  status_reason, content_html, content_text, article_count, recipient_count, created_at,
  finished_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?);

-- name: insert-edition-article
INSERT INTO edition_articles (edition_id, newsletter_id, article_id, position) VALUES (?, ?, ?, ?);

-- name: fan-out
-- One chunk of an edition's delivery rows: the next subscribers by id after the given one. The first
-- chunk is made in the edition's own transaction; EditionFanout makes the rest. Suppressed addresses
-- are left out here and checked again at send.
INSERT INTO deliveries (edition_id, subscriber_id, status, due_at, attempts)
SELECT ?, s.id, 'queued', ?, 0
FROM subscriptions sub
JOIN subscribers s ON s.id = sub.subscriber_id
WHERE sub.newsletter_id = ?
  AND sub.status = 'active'
  AND s.status = 'active'
  AND s.id > ?
  AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email_hash = s.email_hash)
ORDER BY s.id
LIMIT ?;

-- name: fanout-last-subscriber
SELECT MAX(subscriber_id) AS last_id FROM deliveries WHERE edition_id = ?;

-- name: set-fanout
UPDATE editions SET fanout_after = ?, recipient_count = recipient_count + ? WHERE id = ?;

-- name: lock-fanout
-- Serializes the processes that extend one edition's rows.
SELECT newsletter_id, fanout_after, created_at FROM editions
WHERE id = ? AND status IN ('sending', 'paused') AND fanout_after IS NOT NULL
FOR UPDATE;

-- name: pending-fanouts
SELECT id FROM editions WHERE status IN ('sending', 'paused') AND fanout_after IS NOT NULL;

-- name: edition-by-id
SELECT * FROM editions WHERE id = ?;

-- name: edition-by-fire-time
SELECT * FROM editions WHERE newsletter_id = ? AND fire_time = ?;

-- name: editions-of-newsletter
SELECT * FROM editions WHERE newsletter_id = ? ORDER BY created_at DESC, id DESC LIMIT ?;

-- name: archived-editions
-- Editions that went out (or are going out) are public in the archive.
SELECT * FROM editions WHERE newsletter_id = ? AND status IN ('sending', 'sent')
ORDER BY created_at DESC, id DESC LIMIT ?;

-- name: edition-articles
SELECT a.* FROM edition_articles ea JOIN articles a ON a.id = ea.article_id
WHERE ea.edition_id = ? ORDER BY ea.position;

-- name: delivery-counts
SELECT status, COUNT(*) FROM deliveries WHERE edition_id = ? GROUP BY status;

-- name: open-editions-counts
-- For the queue-depth gauge: rows by status of the editions that are still going.
SELECT d.edition_id, d.status, COUNT(*) AS n
FROM deliveries d JOIN editions e ON e.id = d.edition_id
WHERE e.status IN ('sending', 'paused')
GROUP BY d.edition_id, d.status;

-- name: latest-errors
SELECT d.id, s.email, d.status, d.attempts, d.last_error
FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
WHERE d.edition_id = ? AND d.last_error IS NOT NULL
ORDER BY d.id DESC LIMIT ?;

-- name: set-edition-status
UPDATE editions SET status = ?, status_reason = ?, finished_at = ? WHERE id = ? AND status = ?;

-- name: set-edition-digest
-- Written in the planning transaction, right after insert-edition (which other code shares).
UPDATE editions SET preheader = ?, html_bytes = ?, size_note = ? WHERE id = ?;

-- name: edition-digest
SELECT preheader, html_bytes, size_note FROM editions WHERE id = ?;
