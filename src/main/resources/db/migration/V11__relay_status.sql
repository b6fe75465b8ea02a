-- What each relay's last known state is, for operators: written by the delivery engine when a relay
-- changes state (refuses us, defers, cannot be reached, takes mail again) and by serve's background
-- check, read by /health, `edition status` and the admin. One row per relay name; with several
-- processes the last report wins and names its process.
CREATE TABLE relay_status (
  relay        VARCHAR(100)  NOT NULL PRIMARY KEY,
  state        VARCHAR(16)   NOT NULL,
  detail       VARCHAR(1000) NULL,
  changed_at   DATETIME(3)   NOT NULL,
  checked_at   DATETIME(3)   NOT NULL,
  paused_until DATETIME(3)   NULL,
  reported_by  VARCHAR(100)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
