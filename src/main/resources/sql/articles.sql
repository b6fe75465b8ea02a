-- name: article-by-url-hash
SELECT * FROM articles WHERE url_hash = ?;

-- name: article-by-source-guid-hash
SELECT * FROM articles WHERE source_guid_hash = ?;

-- name: article-by-feed-content-hash
-- A feed that re-issues an item under a new guid and url is still the same article when its
-- title and body are; limited to the feed so two sources quoting one press release stay apart.
SELECT * FROM articles WHERE feed_id = ? AND content_hash = ? ORDER BY id LIMIT 1;

-- name: article-without-url-by-content-hash
-- A file imported again without --url is the same article when its title and body are.
SELECT * FROM articles WHERE url_hash IS NULL AND content_hash = ? ORDER BY id LIMIT 1;

-- name: article-by-id
SELECT * FROM articles WHERE id = ?;

-- name: insert-article
INSERT INTO articles (newsletter_id, title, author, url, url_hash, guid, source, source_guid_hash,
  excerpt, body_html, body_text, image_url, tags, word_count, status, published_at, ingested_at,
  updated_at, content_hash, feed_id, reading_minutes)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: update-article
-- ingested_at keeps the first import; the planner never looks at it, so an update cannot pull an
-- article into a second edition. guid, source and feed keep their first value when the update
-- comes without one (a feed item later edited through the API stays matched to its feed).
UPDATE articles SET newsletter_id = ?, title = ?, author = ?, url = ?, url_hash = ?, excerpt = ?,
  body_html = ?, body_text = ?, image_url = ?, tags = ?, word_count = ?,
  published_at = COALESCE(?, published_at),
  updated_at = ?, content_hash = ?, reading_minutes = ?,
  guid = COALESCE(?, guid), source = COALESCE(?, source),
  source_guid_hash = COALESCE(?, source_guid_hash), feed_id = COALESCE(?, feed_id)
WHERE id = ?;

-- name: list-articles
SELECT * FROM articles ORDER BY published_at DESC, id DESC LIMIT ?;
