-- The web: editors and their sessions, API tokens, and where a subscriber's consent came from.
-- Secrets (session ids, API tokens) are stored only as SHA-256 hashes, so a copy of the database
-- does not let anyone log in.

CREATE TABLE editors (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  email         VARCHAR(254) NOT NULL,
  name          VARCHAR(200) NULL,
  password_hash VARCHAR(100) NOT NULL,
  role          VARCHAR(16)  NOT NULL,
  created_at    DATETIME(3)  NOT NULL,
  last_login_at DATETIME(3)  NULL,
  CONSTRAINT uq_editors_email UNIQUE (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Stored rather than kept in memory, so several serve processes behind one balancer share them.
CREATE TABLE editor_sessions (
  id_hash    CHAR(64)    NOT NULL PRIMARY KEY,
  editor_id  BIGINT      NOT NULL,
  created_at DATETIME(3) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  CONSTRAINT fk_editor_sessions_editor FOREIGN KEY (editor_id) REFERENCES editors (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_editor_sessions_expiry ON editor_sessions (expires_at);

CREATE TABLE api_tokens (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  name         VARCHAR(100) NOT NULL,
  token_hash   CHAR(64)     NOT NULL,
  prefix       VARCHAR(16)  NOT NULL,
  role         VARCHAR(16)  NOT NULL,
  created_by   VARCHAR(254) NOT NULL,
  created_at   DATETIME(3)  NOT NULL,
  last_used_at DATETIME(3)  NULL,
  revoked_at   DATETIME(3)  NULL,
  CONSTRAINT uq_api_tokens_hash UNIQUE (token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- consent_source names the form; the address it was sent from is kept beside it.
ALTER TABLE subscribers ADD COLUMN consent_ip VARCHAR(45) NULL;
CREATE INDEX ix_subscribers_created ON subscribers (created_at);
