-- The core data model. Portable between MySQL 8 / MariaDB 10.6+ and H2 in MySQL mode.
-- Every instant is a UTC DATETIME(3) written by the application's clock (never NOW()),
-- so processes in different time zones and the settable test clock agree.

CREATE TABLE newsletters (
  id                    BIGINT AUTO_INCREMENT PRIMARY KEY,
  slug                  VARCHAR(64)  NOT NULL,
  name                  VARCHAR(200) NOT NULL,
  cron                  VARCHAR(120) NOT NULL,
  time_zone             VARCHAR(64)  NOT NULL,
  sender_email          VARCHAR(254) NOT NULL,
  sender_name           VARCHAR(200) NULL,
  reply_to              VARCHAR(254) NULL,
  subject_template      VARCHAR(500) NOT NULL,
  template_set          VARCHAR(64)  NOT NULL,
  min_articles          INT          NOT NULL,
  max_articles          INT          NOT NULL,
  max_article_age_hours INT          NOT NULL,
  enabled               BOOLEAN      NOT NULL,
  created_at            DATETIME(3)  NOT NULL,
  updated_at            DATETIME(3)  NOT NULL,
  CONSTRAINT uq_newsletters_slug UNIQUE (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- url_hash and source_guid_hash stand in for the long url/guid columns in unique keys
-- (InnoDB limits index prefixes); NULLs do not collide, so articles without a url are allowed.
CREATE TABLE articles (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  newsletter_id    BIGINT        NULL,
  title            VARCHAR(500)  NOT NULL,
  author           VARCHAR(200)  NULL,
  url              VARCHAR(2000) NULL,
  url_hash         CHAR(64)      NULL,
  guid             VARCHAR(1000) NULL,
  source           VARCHAR(200)  NULL,
  source_guid_hash CHAR(64)      NULL,
  excerpt          TEXT          NULL,
  body_html        MEDIUMTEXT    NOT NULL,
  body_text        MEDIUMTEXT    NOT NULL,
  image_url        VARCHAR(2000) NULL,
  tags             VARCHAR(1000) NULL,
  word_count       INT           NOT NULL,
  status           VARCHAR(16)   NOT NULL,
  published_at     DATETIME(3)   NOT NULL,
  ingested_at      DATETIME(3)   NOT NULL,
  updated_at       DATETIME(3)   NOT NULL,
  content_hash     CHAR(64)      NOT NULL,
  CONSTRAINT uq_articles_url UNIQUE (url_hash),
  CONSTRAINT uq_articles_source_guid UNIQUE (source_guid_hash),
  CONSTRAINT fk_articles_newsletter FOREIGN KEY (newsletter_id) REFERENCES newsletters (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_articles_published ON articles (status, published_at);

CREATE TABLE subscribers (
  id             BIGINT AUTO_INCREMENT PRIMARY KEY,
  email          VARCHAR(254) NOT NULL,
  email_hash     CHAR(64)     NOT NULL,
  name           VARCHAR(200) NULL,
  status         VARCHAR(16)  NOT NULL,
  time_zone      VARCHAR(64)  NULL,
  consent_at     DATETIME(3)  NULL,
  consent_method VARCHAR(32)  NULL,
  consent_source VARCHAR(200) NULL,
  bounce_count   INT          NOT NULL DEFAULT 0,
  created_at     DATETIME(3)  NOT NULL,
  updated_at     DATETIME(3)  NOT NULL,
  CONSTRAINT uq_subscribers_email UNIQUE (email),
  CONSTRAINT uq_subscribers_email_hash UNIQUE (email_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE subscriptions (
  subscriber_id   BIGINT      NOT NULL,
  newsletter_id   BIGINT      NOT NULL,
  status          VARCHAR(16) NOT NULL,
  created_at      DATETIME(3) NOT NULL,
  updated_at      DATETIME(3) NOT NULL,
  PRIMARY KEY (subscriber_id, newsletter_id),
  CONSTRAINT fk_subscriptions_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id),
  CONSTRAINT fk_subscriptions_newsletter FOREIGN KEY (newsletter_id) REFERENCES newsletters (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_subscriptions_newsletter ON subscriptions (newsletter_id, status);

-- Keyed by the hash of the normalized address, so an erased subscriber stays suppressed
-- without keeping the address itself.
CREATE TABLE suppressions (
  email_hash CHAR(64)     NOT NULL PRIMARY KEY,
  reason     VARCHAR(32)  NOT NULL,
  detail     VARCHAR(500) NULL,
  created_at DATETIME(3)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE editions (
  id              BIGINT AUTO_INCREMENT PRIMARY KEY,
  newsletter_id   BIGINT       NOT NULL,
  trigger_kind    VARCHAR(16)  NOT NULL,
  fire_time       DATETIME(3)  NULL,
  triggered_by    VARCHAR(200) NULL,
  subject         VARCHAR(500) NOT NULL,
  status          VARCHAR(16)  NOT NULL,
  status_reason   VARCHAR(500) NULL,
  content_html    MEDIUMTEXT   NULL,
  content_text    MEDIUMTEXT   NULL,
  article_count   INT          NOT NULL,
  recipient_count INT          NOT NULL,
  created_at      DATETIME(3)  NOT NULL,
  finished_at     DATETIME(3)  NULL,
  -- A scheduled fire time makes at most one edition, however many processes fire it.
  CONSTRAINT uq_editions_fire UNIQUE (newsletter_id, fire_time),
  CONSTRAINT fk_editions_newsletter FOREIGN KEY (newsletter_id) REFERENCES newsletters (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_editions_status ON editions (status);

-- newsletter_id is copied here so that the unique key states the planning invariant itself:
-- an article is carried by at most one edition of each newsletter.
CREATE TABLE edition_articles (
  edition_id    BIGINT NOT NULL,
  newsletter_id BIGINT NOT NULL,
  article_id    BIGINT NOT NULL,
  position      INT    NOT NULL,
  PRIMARY KEY (edition_id, article_id),
  CONSTRAINT uq_edition_articles_once UNIQUE (newsletter_id, article_id),
  CONSTRAINT fk_edition_articles_edition FOREIGN KEY (edition_id) REFERENCES editions (id),
  CONSTRAINT fk_edition_articles_article FOREIGN KEY (article_id) REFERENCES articles (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- due_at is when a queued or retry row may next be tried, and for a row in 'sending' it is the
-- lease expiry: one column, one index, and an expired lease is simply a due row.
CREATE TABLE deliveries (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  edition_id    BIGINT        NOT NULL,
  subscriber_id BIGINT        NOT NULL,
  status        VARCHAR(16)   NOT NULL,
  due_at        DATETIME(3)   NOT NULL,
  lease_owner   VARCHAR(100)  NULL,
  attempts      INT           NOT NULL DEFAULT 0,
  last_error    VARCHAR(1000) NULL,
  smtp_response VARCHAR(500)  NULL,
  sent_at       DATETIME(3)   NULL,
  CONSTRAINT uq_deliveries_once UNIQUE (edition_id, subscriber_id),
  CONSTRAINT fk_deliveries_edition FOREIGN KEY (edition_id) REFERENCES editions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_deliveries_due ON deliveries (status, due_at);
CREATE INDEX ix_deliveries_edition ON deliveries (edition_id, status, due_at);
CREATE INDEX ix_deliveries_subscriber ON deliveries (subscriber_id);
