-- A sign-up waits here for its confirmation. What it asks for (the newsletters, the name typed)
-- changes no known subscriber before the owner of the address follows the link: anyone can type
-- anyone's address. The link names this row, so it confirms these newsletters only, and only until
-- expires_at; mailed_at is set once the relay took the confirmation mail, so a restart sends the
-- ones still owed. A sign-up for a suppressed address is kept as refused, with no subscriber: the
-- same write as any other, so the answer takes the same time and tells nothing.
CREATE TABLE signups (
  id             BIGINT AUTO_INCREMENT PRIMARY KEY,
  subscriber_id  BIGINT        NULL,
  newsletter_ids VARCHAR(2000) NOT NULL,
  name           VARCHAR(200)  NULL,
  form           VARCHAR(60)   NOT NULL,
  client_ip      VARCHAR(64)   NULL,
  created_at     DATETIME(3)   NOT NULL,
  expires_at     DATETIME(3)   NOT NULL,
  mailed_at      DATETIME(3)   NULL,
  confirmed_at   DATETIME(3)   NULL,
  refused        VARCHAR(16)   NULL,
  CONSTRAINT fk_signups_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_signups_subscriber ON signups (subscriber_id, created_at);
CREATE INDEX ix_signups_unmailed ON signups (mailed_at, created_at);
