-- name: article-by-url-hash
SELECT * FROM articles WHERE url_hash = ?;

-- name: article-by-id
SELECT * FROM articles WHERE id = ?;

-- name: insert-article
INSERT INTO articles (newsletter_id, title, author, url, url_hash, guid, source, source_guid_hash,
  excerpt, body_html, body_text, image_url, tags, word_count, status, published_at, ingested_at,
  updated_at, content_hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: update-article
-- ingested_at keeps the first import; the planner never looks at it, so an update cannot pull an
-- article into a second edition.
UPDATE articles SET newsletter_id = ?, title = ?, author = ?, url = ?, url_hash = ?, excerpt = ?,
  body_html = ?, body_text = ?, image_url = ?, tags = ?, word_count = ?, published_at = ?,
  updated_at = ?, content_hash = ?
WHERE id = ?;

-- name: list-articles
SELECT * FROM articles ORDER BY published_at DESC, id DESC LIMIT ?;
