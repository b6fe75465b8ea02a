-- RSS/Atom feeds polled for articles. url_hash stands in for the long url in the unique key.
-- next_poll_at carries the backoff of a failing feed, so a broken feed is not fetched in a tight
-- loop; etag/last_modified make the next poll a conditional GET.
CREATE TABLE feeds (
  id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
  url                  VARCHAR(2000) NOT NULL,
  url_hash             CHAR(64)      NOT NULL,
  newsletter_id        BIGINT        NULL,
  title                VARCHAR(500)  NULL,
  etag                 VARCHAR(500)  NULL,
  last_modified        VARCHAR(100)  NULL,
  status               VARCHAR(16)   NOT NULL,
  consecutive_failures INT           NOT NULL DEFAULT 0,
  last_error           VARCHAR(1000) NULL,
  last_polled_at       DATETIME(3)   NULL,
  next_poll_at         DATETIME(3)   NOT NULL,
  created_at           DATETIME(3)   NOT NULL,
  updated_at           DATETIME(3)   NOT NULL,
  CONSTRAINT uq_feeds_url UNIQUE (url_hash),
  CONSTRAINT fk_feeds_newsletter FOREIGN KEY (newsletter_id) REFERENCES newsletters (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_feeds_due ON feeds (next_poll_at);

-- Which feed an article came from, and its reading time as shown in digests and the API.
ALTER TABLE articles ADD COLUMN feed_id BIGINT NULL;
ALTER TABLE articles ADD COLUMN reading_minutes INT NOT NULL DEFAULT 1;
CREATE INDEX ix_articles_content_hash ON articles (content_hash);
