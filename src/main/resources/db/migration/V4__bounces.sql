-- Bounce reports read from the bounce mailbox. The report's own Message-ID is unique, so a report
-- read twice (a crash before it was deleted, two pollers) counts once.
CREATE TABLE bounces (
  id             BIGINT AUTO_INCREMENT PRIMARY KEY,
  report_id      VARCHAR(500) NOT NULL,
  delivery_id    BIGINT       NULL,
  subscriber_id  BIGINT       NULL,
  kind           VARCHAR(8)   NOT NULL,
  status_code    VARCHAR(16)  NULL,
  diagnostic     VARCHAR(1000) NULL,
  received_at    DATETIME(3)  NOT NULL,
  CONSTRAINT uq_bounces_report UNIQUE (report_id, subscriber_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_bounces_subscriber ON bounces (subscriber_id);

-- 'hard' or 'soft' once a bounce report names the delivery.
ALTER TABLE deliveries ADD COLUMN bounce VARCHAR(8) NULL;
