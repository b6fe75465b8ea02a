-- What each feed has shown: one row per item (its guid, else its link, else its title and text,
-- hashed), with when it was first seen and whether it became an article. An item without a date
-- is dated when first seen, and that date never changes; items already in a feed when it is first
-- read are its back catalogue and stay out of editions unless dated within the maximum age, also
-- on later polls. first_read_at marks that first read; last_result is what the last poll did.
CREATE TABLE feed_entries (
  feed_id       BIGINT      NOT NULL,
  entry_hash    CHAR(64)    NOT NULL,
  first_seen_at DATETIME(3) NOT NULL,
  stored        BOOLEAN     NOT NULL,
  PRIMARY KEY (feed_id, entry_hash),
  CONSTRAINT fk_feed_entries_feed FOREIGN KEY (feed_id) REFERENCES feeds (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
ALTER TABLE feeds ADD COLUMN first_read_at DATETIME(3) NULL;
ALTER TABLE feeds ADD COLUMN last_result VARCHAR(1000) NULL;
