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
-- polled on a schedule again.
SELECT * FROM feeds WHERE next_poll_at <= ? AND status <> 'gone' ORDER BY next_poll_at, id;

-- name: feed-polled
UPDATE feeds SET title = COALESCE(?, title), etag = ?, last_modified = ?, status = 'active',
  consecutive_failures = 0, last_error = NULL, last_polled_at = ?, next_poll_at = ?,
  updated_at = ?
WHERE id = ?;

-- name: feed-failed
UPDATE feeds SET status = ?, consecutive_failures = ?, last_error = ?, last_polled_at = ?,
  next_poll_at = ?, updated_at = ?
WHERE id = ?;

-- name: delete-feed
DELETE FROM feeds WHERE id = ?;
