-- name: insert-feed
INSERT INTO feeds (url, url_hash, newsletter_id, status, consecutive_failures, next_poll_at,
  created_at, updated_at)
VALUES (?, ?, ?, 'active', 0, ?, ?, ?);

-- name: feed-by-id
SELECT * FROM feeds WHERE id = ?;

-- name: feed-by-url-hash
SELECT * FROM feeds WHERE url_hash = ?;

-- name: list-feeds
SELECT * FROM feeds ORDER BY id;

-- name: due-feeds
-- next_poll_at holds both the regular interval and a failing feed's backoff, so one condition
-- keeps a broken feed from being fetched on every run. A feed that answered 410 Gone is not
-- polled on a schedule again, nor is one an editor paused.
SELECT * FROM feeds WHERE next_poll_at <= ? AND status NOT IN ('gone', 'paused')
ORDER BY next_poll_at, id;

-- name: feed-polled
-- A paused feed stays paused: an explicit poll reads it without resuming the schedule.
UPDATE feeds SET title = COALESCE(?, title), etag = ?, last_modified = ?,
  status = CASE WHEN status = 'paused' THEN 'paused' ELSE 'active' END,
  consecutive_failures = 0, last_error = NULL, last_result = ?, last_polled_at = ?,
  first_read_at = COALESCE(first_read_at, ?), next_poll_at = ?, updated_at = ?
WHERE id = ?;

-- name: feed-entry
SELECT first_seen_at, stored FROM feed_entries WHERE feed_id = ? AND entry_hash = ?;

-- name: insert-feed-entry
INSERT INTO feed_entries (feed_id, entry_hash, first_seen_at, stored) VALUES (?, ?, ?, ?);

-- name: feed-entry-stored
UPDATE feed_entries SET stored = TRUE WHERE feed_id = ? AND entry_hash = ?;

-- name: set-feed-status
-- Pausing and resuming; a resumed feed is due at once.
UPDATE feeds SET status = ?, next_poll_at = ?, updated_at = ? WHERE id = ?;

-- name: feed-failed
UPDATE feeds SET status = CASE WHEN status = 'paused' THEN 'paused' ELSE ? END,
  consecutive_failures = ?, last_error = ?, last_result = NULL, last_polled_at = ?,
  next_poll_at = ?, updated_at = ?
WHERE id = ?;

-- name: delete-feed
DELETE FROM feeds WHERE id = ?;
