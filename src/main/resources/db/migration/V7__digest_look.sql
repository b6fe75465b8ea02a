-- Issue 7: how a newsletter's digests look, and what the renderer decided about an edition's size.
-- NULL means the default (no logo, the default accent colour, English dates).
ALTER TABLE newsletters ADD COLUMN logo_url VARCHAR(2000) NULL;
ALTER TABLE newsletters ADD COLUMN accent_color VARCHAR(7) NULL;
ALTER TABLE newsletters ADD COLUMN locale VARCHAR(35) NULL;

-- The measured size of the edition's HTML part, and a note when articles were shortened to
-- headline links to stay below the clipping size of webmail clients (Gmail: about 102 KB).
ALTER TABLE editions ADD COLUMN html_bytes INT NULL;
ALTER TABLE editions ADD COLUMN size_note VARCHAR(500) NULL;

-- The inbox preview line (first headlines), chosen once per edition with its articles.
ALTER TABLE editions ADD COLUMN preheader VARCHAR(500) NULL;
